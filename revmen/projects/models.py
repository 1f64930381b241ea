"""Change projects (*Rancangan Transformasi Budaya Birokrasi*): the plan a participant writes,
the mentor's approval trail, its frozen versions, milestones with progress reports and evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Unit
from revmen.training.models import Enrolment


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the mentor")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")


class StopReason(models.TextChoices):
    TRANSFER = "transfer", _("Transfer (mutasi)")
    PRIORITIES = "priorities", _("Changed priorities")
    OTHER = "other", _("Other")


# PermenPAN-RB 15/2014: the components of a service standard.
SERVICE_COMPONENTS = [
    ("dasar_hukum", _("Legal basis")),
    ("persyaratan", _("Requirements")),
    ("prosedur", _("Procedure")),
    ("waktu", _("Time")),
    ("biaya", _("Cost")),
    ("produk", _("Product")),
    ("sarana_prasarana", _("Facilities")),
    ("kompetensi_pelaksana", _("Staff competence")),
    ("pengawasan_internal", _("Internal supervision")),
    ("pengaduan", _("Complaints handling")),
    ("jumlah_pelaksana", _("Number of staff")),
    ("jaminan_pelayanan", _("Service guarantee")),
    ("jaminan_keamanan", _("Security and safety guarantee")),
    ("evaluasi_kinerja", _("Performance evaluation")),
]


class Plan(models.Model):
    """One participant enrolment's change project, from the draft to its last milestone."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="plan")
    # Who carries it out and who backs it now; a transfer changes them, the trail keeps who was.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_plans"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_plans",
        verbose_name=_("mentor"),
    )
    # The office the project changes (the owner's unit when it was written or handed over).
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem in the office"), max_length=5000)
    baseline = models.TextField(_("baseline"), max_length=5000)
    baseline_figure = models.DecimalField(
        _("baseline figure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    goal = models.TextField(_("goal"), max_length=5000)
    values = models.JSONField(_("values served"), default=list, blank=True)
    stakeholders = models.TextField(_("stakeholders"), max_length=3000, blank=True)
    service_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service unit"),
    )
    service_components = models.JSONField(
        _("service-standard components"), default=list, blank=True
    )
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    # Raised at every submission: a review link names the version it was sent for.
    version = models.PositiveIntegerField(default=0)
    approved_version = models.PositiveIntegerField(null=True, blank=True)
    stopped_reason = models.CharField(
        _("reason"), max_length=12, choices=StopReason.choices, blank=True
    )
    stopped_note = models.TextField(_("note"), max_length=2000, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("change project")
        verbose_name_plural = _("change projects")

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in (PlanState.DRAFT, PlanState.RETURNED) and self.stopped_at is None


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class MilestoneState(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED = "reported", _("Reported, awaiting the mentor")
    RETURNED = "returned", _("Returned by the mentor")
    CONFIRMED = "confirmed", _("Confirmed")


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    term = models.CharField(_("term"), max_length=6, choices=Term.choices)
    title = models.CharField(_("milestone"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    target_value = models.DecimalField(
        _("target figure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"))
    state = models.CharField(
        max_length=10, choices=MilestoneState.choices, default=MilestoneState.OPEN
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "target_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A colleague on the project's team; with ``person`` set they may add evidence."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the team"), max_length=200, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_teams",
    )

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=models.Q(person__isnull=False),
                name="team_member_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """Progress reported on a milestone: text, a figure against the indicator, evidence files."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("progress"), max_length=5000)
    figure = models.DecimalField(
        _("figure against the indicator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["milestone", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.milestone} · {self.created_at:%Y-%m-%d}"


class FileKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline evidence")
    DOCUMENT = "document", _("Plan document")
    EVIDENCE = "evidence", _("Milestone evidence")


class Attachment(models.Model):
    """An uploaded file, kept in the database (checked by its bytes, never served as HTML)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="files")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class StepKind(models.TextChoices):
    CREATED = "created", _("Plan written")
    UPDATED = "updated", _("Plan changed")
    SUBMITTED = "submitted", _("Submitted to the mentor")
    RESUBMITTED = "resubmitted", _("Resubmitted to the mentor")
    APPROVED = "approved", _("Approved by the mentor")
    RETURNED = "returned", _("Returned by the mentor")
    REPORTED = "reported", _("Progress reported")
    CONFIRMED = "confirmed", _("Milestone confirmed by the mentor")
    MILESTONE_RETURNED = "m_returned", _("Milestone returned by the mentor")
    EVIDENCE = "evidence", _("Evidence added")
    COMMENT = "comment", _("Comment")
    TRANSFERRED = "transferred", _("Handed over")
    STOPPED = "stopped", _("Stopped")


class Step(models.Model):
    """The approval trail: every step of a plan and its milestones, time-stamped."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="steps"
    )
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who acted, as they were then (a mentor from an e-mail link has no login).
    actor_name = models.CharField(max_length=200, blank=True)
    via_link = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)
    comment = models.TextField(max_length=5000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


class PlanVersion(models.Model):
    """The plan as the mentor approved it: frozen; later changes need a new approval."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class UsedLink(models.Model):
    """A signed e-mail link already acted on (single use): its digest, never the link."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.digest[:12]


class Reminder(models.Model):
    """A reminder sent: the idempotency key (kind, milestone, recipient, due date)."""

    kind = models.CharField(max_length=20)
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "milestone", "recipient", "due_date"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.milestone_id} {self.due_date}"
