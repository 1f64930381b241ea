"""Programmes with their curriculum and evaluation scheme, batches (angkatan), enrolments with
their per-batch roles, sessions and attendance.

The evaluation scheme is data (components, weights, predicate bands, pass mark, minimum
attendance), never code: programmes differ and change from year to year.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency
from revmen.core.timezones import IndonesianZone

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Programme(models.Model):
    institute = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # The evaluation scheme: a participant passes with a final score above ``pass_mark`` and
    # at least ``min_attendance`` percent of the JP attended.
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=2, default=Decimal(60), validators=PERCENT
    )
    min_attendance = models.DecimalField(
        _("minimum attendance (% of JP)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(90),
        validators=PERCENT,
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Agenda(models.Model):
    """A block of the curriculum (e.g. "Agenda Revolusi Mental") holding mata pelatihan."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="agendas")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """A mata pelatihan: a curriculum unit worth a number of JP (45-minute lesson hours)."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="subjects")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    jp = models.PositiveSmallIntegerField("JP", validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["agenda__position", "position", "pk"]
        verbose_name = _("mata pelatihan")
        verbose_name_plural = _("mata pelatihan")

    def __str__(self) -> str:
        return f"{self.name} ({self.jp} JP)"


class PhaseKind(models.TextChoices):
    LEARNING = "learning", _("Learning")
    WORKPLACE = "workplace", _("Workplace implementation")
    PRESENTATION = "presentation", _("Presentation of the change design")


class Mode(models.TextChoices):
    ONLINE = "daring", _("Online (daring)")
    CLASSROOM = "klasikal", _("Classroom (klasikal)")
    BLENDED = "blended", _("Blended")


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=PhaseKind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, blank=True)
    weeks = models.PositiveSmallIntegerField(_("weeks"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.get_kind_display()


class EvaluationComponent(models.Model):
    """A weighted part of the final score (attitude, academic, change-project design …)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("evaluation component")
        verbose_name_plural = _("evaluation components")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class PredicateBand(models.Model):
    """A predicate (Sangat Memuaskan …) given to a final score above ``above``."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("predicate"), max_length=100)
    above = models.DecimalField(
        _("score above"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["programme", "-above"]
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")
        constraints = [
            models.UniqueConstraint(fields=["programme", "above"], name="band_unique_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.name} > {self.above}"


class Outcome(models.TextChoices):
    """Kelulusan. The grading issue decides it from the scheme above."""

    PASSED = "lulus", _("Passed (Lulus)")
    DEFERRED = "ditunda", _("Deferred (Ditunda)")
    FAILED = "tidak_lulus", _("Not passed (Tidak Lulus)")


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
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.BLENDED)
    # A soft limit: going above it warns, it never refuses.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_batches",
        verbose_name=_("organiser"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Check-in for a session may be opened from this many minutes before it starts until it ends.
    checkin_lead_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before a session starts)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
    )

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


class Group(models.Model):
    """A group of participants within a batch, guided by a coach and examined by a penguji."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coach"),
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("examiner"),
    )

    class Meta:
        ordering = ["batch", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["batch", "name"], name="group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(_("role"), max_length=12, choices=BatchRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # For participants: their group and their mentor (their own superior).
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
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


class FacilitatorAssignment(models.Model):
    """Who teaches which mata pelatihan in a batch."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="assignments")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assignments")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "subject", "facilitator"], name="assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} · {self.subject}"


class Session(models.Model):
    """A scheduled lesson: in a room or online, worth some JP of a mata pelatihan."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sessions")
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("mata pelatihan"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # The zone the organiser scheduled it in; participants see it in their own zone too.
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=IndonesianZone.choices, default=IndonesianZone.WIB
    )
    jp = models.PositiveSmallIntegerField("JP", validators=[MinValueValidator(1)])
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_sessions",
        verbose_name=_("facilitator"),
    )
    checkin_code = models.CharField(max_length=12, blank=True)
    checkin_opens_at = models.DateTimeField(null=True, blank=True)
    checkin_closes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_times_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def checkin_window(self) -> tuple[datetime, datetime]:
        """From the batch's lead time before the start until the end of the session."""
        lead = timedelta(minutes=self.batch.checkin_lead_minutes)
        return self.starts_at - lead, self.ends_at

    def state(self, now: datetime | None = None) -> str:
        """``upcoming`` before the check-in window, ``checkin`` inside it (before and during
        the session), ``held`` once it has ended: only then is anyone counted absent."""
        moment = now or timezone.now()
        opens, closes = self.checkin_window()
        if moment < opens:
            return "upcoming"
        return "checkin" if moment < closes else "held"

    def checkin_is_open(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return bool(
            self.checkin_code
            and self.checkin_opens_at
            and self.checkin_closes_at
            and self.checkin_opens_at <= moment < self.checkin_closes_at
            and self.state(moment) == "checkin"
        )


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """One participant at one session. No row means absent."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AttendanceStatus.choices, default="present"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session} · {self.status}"


class AttendanceCorrection(models.Model):
    """The audit trail: every change a facilitator makes to someone's attendance, and why."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="corrections")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    old_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    new_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.old_status} → {self.new_status}"
