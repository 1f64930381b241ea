"""Public service: service units, their SKM periods, published service standards, kiosks and
the complaint channel.

ServiceUnit (a work unit that serves the public, with a public slug)
  ─< SkmPeriod ── Administration of the built-in SKM instrument (open link, anonymous)
  ─< StandardVersion (draft → published by the head of office; published ones are history)
  ─< Kiosk (a counter tablet paired by the unit's staff; answers carry nothing of it)
  ─< Complaint (tracking code, optional name and contact) ─< ComplaintReply

An SKM period is an Administration: the answers live in ``instruments.Response`` like every
other questionnaire's (anonymous: administration, random key, date; no kiosk, no browser).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Unit
from revmen.instruments.models import Administration


class ServiceUnit(models.Model):
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="service_unit")
    slug = models.SlugField(_("public address"), max_length=60, unique=True)
    name = models.CharField(_("public name"), max_length=200)
    # Service users in a period (the unit's own estimate): the SKM's population N.
    population = models.PositiveIntegerField(_("service users per period"), null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    # Raised by every write the public page shows (standard, periods, complaints, the unit's
    # name): the page's cached parts are keyed on it (``selectors.page_key``).
    figures_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service unit")

    def __str__(self) -> str:
        return self.name


class SkmPeriod(models.Model):
    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.CASCADE, related_name="periods")
    administration = models.OneToOneField(
        Administration, on_delete=models.PROTECT, related_name="skm_period"
    )
    name = models.CharField(_("period"), max_length=80)
    # The population entered for this period (copied from the unit when it opens; editable).
    population = models.PositiveIntegerField(
        _("service users in the period"), null=True, blank=True
    )
    follow_up = models.TextField(_("follow-up plan"), blank=True)
    follow_up_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-administration__opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["service_unit", "name"], name="skm_period_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.service_unit} · {self.name}"


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    PUBLISHED = "published", _("Published")


class StandardVersion(models.Model):
    """The service standard (PermenPAN-RB 15/2014) and pledge, as one versioned text.

    Staff edit the one draft; the head of office approves it, which publishes it with the next
    number and a date. Published versions are never edited: they are the page's history.
    """

    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.CASCADE, related_name="standards"
    )
    status = models.CharField(max_length=12, choices=StandardStatus.choices)
    number = models.PositiveIntegerField(null=True, blank=True)  # set when published
    service_name = models.CharField(_("service"), max_length=200)
    components = models.JSONField(default=dict, blank=True)  # component code -> text
    is_free = models.BooleanField(_("the service is free of charge"), default=False)
    pledge = models.TextField(_("service pledge (maklumat pelayanan)"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["service_unit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_unit", "number"], name="standard_unique_number"
            ),
            models.UniqueConstraint(
                fields=["service_unit"],
                condition=~Q(status="published"),
                name="standard_one_draft",
            ),
            models.CheckConstraint(
                name="standard_published_numbered",
                condition=~Q(status="published")
                | Q(number__isnull=False, published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_unit} v{self.number or '-'}"


class Kiosk(models.Model):
    """A tablet at the counter. Paired by a code (hashed, short-lived) or a staff session; the
    device keeps its secret in a signed cookie, we keep only the secret's hash."""

    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.CASCADE, related_name="kiosks")
    name = models.CharField(_("name"), max_length=80)
    pairing_code_hash = models.CharField(max_length=64, blank=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    secret_hash = models.CharField(max_length=64, blank=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["service_unit", "name"]

    def __str__(self) -> str:
        return self.name


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")


class ComplaintStatus(models.TextChoices):
    NEW = "new", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Complaint(models.Model):
    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.CASCADE, related_name="complaints"
    )
    tracking_code = models.CharField(max_length=16, unique=True)
    # The form's one-time key: a double submit of the same form stores one complaint.
    submit_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ComplaintKind.choices)
    text = models.TextField(_("your complaint or suggestion"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("e-mail or telephone"), max_length=120, blank=True)
    status = models.CharField(max_length=12, choices=ComplaintStatus.choices, default="new")
    created_at = models.DateTimeField(default=now)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service_unit", "created_at"])]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.contact)


class ComplaintReply(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("answer"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["complaint", "created_at"]

    def __str__(self) -> str:
        return f"reply to {self.complaint_id}"
