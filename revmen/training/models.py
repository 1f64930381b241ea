"""Programmes, batches (angkatan) and enrolments with their per-batch roles.

This is the slice the foundation needs (who belongs to which batch in which role); the training
issue adds curricula, sessions and attendance.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency


class Programme(models.Model):
    institute = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class BatchQuerySet(models.QuerySet["Batch"]):
    def open(self) -> BatchQuerySet:
        return self.filter(closed_at__isnull=True)


class Batch(models.Model):
    """An angkatan: ~25-30 participants, often from several agencies."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="batches")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="batch_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def status(self, today: date | None = None) -> str:
        """``planned`` before the start date, ``running`` until closed, then ``closed``."""
        today = today or timezone.localdate()
        if self.closed_at:
            return "closed"
        return "planned" if today < self.start_date else "running"


class BatchRole(models.TextChoices):
    PARTICIPANT = "peserta", _("Participant")
    FACILITATOR = "fasilitator", _("Facilitator")
    COACH = "coach", _("Coach")
    EXAMINER = "penguji", _("Examiner")
    MENTOR = "mentor", _("Mentor")


class Enrolment(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(_("role"), max_length=12, choices=BatchRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["batch", "role", "person__name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "person", "role"], name="enrolment_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.batch.code}"
