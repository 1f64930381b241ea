"""360° follow-up of alumni: rounds at +3 and +6 months, their raters, frozen peer figures.

Plan (per programme: offsets, window, reminder spacing) ─ Round (alumnus's enrolment, offset)
Round ── Administration of the built-in UMPAN-BALIK-360 (the one instrument engine)
Round ─< Rater (self, mentor, peers; peers answer through token links, accounts or not)
Round ── Snapshot (the figures, computed once when the window closes, never recomputed)
Sent: one row per message (kind, object, recipient, due date): the scheduler's idempotency key.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from revmen.instruments.models import Administration
from revmen.training.models import Enrolment, Programme

DEFAULT_OFFSETS = "3,6"
MAX_OFFSET_MONTHS = 36
ERR_OFFSETS = gettext_noop(
    "Give the months after the batch closes as whole numbers from 1 to 36, separated by "
    "commas (for example 3,6)."
)


def parse_offsets(text: str) -> list[int]:
    """``"3, 6"`` → ``[3, 6]`` (sorted, unique); ``ValueError`` for anything else."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts or len(parts) > 6:
        raise ValueError(text)
    if not all(p.isdigit() for p in parts):
        raise ValueError(text)
    months = sorted({int(p) for p in parts})
    if not all(1 <= m <= MAX_OFFSET_MONTHS for m in months):
        raise ValueError(text)
    return months


def validate_offsets(text: str) -> None:
    try:
        parse_offsets(text)
    except ValueError:
        raise ValidationError(_(ERR_OFFSETS)) from None


class Plan(models.Model):
    """A programme's follow-up settings; a programme without one uses the defaults."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="followup_plan"
    )
    offsets = models.CharField(
        _("months after the batch closes"),
        max_length=40,
        default=DEFAULT_OFFSETS,
        validators=[validate_offsets],
    )
    window_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=21, validators=[MinValueValidator(3), MaxValueValidator(90)]
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    def __str__(self) -> str:
        return f"follow-up of {self.programme.code}"

    @property
    def months(self) -> list[int]:
        return parse_offsets(self.offsets)


class Round(models.Model):
    """One 360° follow-up of one alumnus: ``offset_months`` after their batch closed."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="followup_rounds"
    )
    offset_months = models.PositiveSmallIntegerField()
    opens_on = models.DateField()
    closes_on = models.DateField()  # answers are taken until the day before
    reminder_every_days = models.PositiveSmallIntegerField(default=7)
    administration = models.OneToOneField(
        Administration, on_delete=models.PROTECT, related_name="followup_round"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["opens_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "offset_months"], name="followup_round_unique"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("opens_on")), name="followup_round_window"
            ),
        ]

    def __str__(self) -> str:
        return f"+{self.offset_months} · {self.enrolment.person}"


class RaterRole(models.TextChoices):
    SELF = "self", _("Self")
    MENTOR = "mentor", _("Mentor")
    PEER = "peer", _("Peer")


class Rater(models.Model):
    """Who is asked in a round. A peer's e-mailed link (``services.peer_token``; its hash in
    ``token_hash``) only names the peer: opening it hands out, once, a random key into the
    browser's cookie (``handed_out`` is all the server keeps), and the answer carries that key's
    hash alone, so nothing links a peer to their answers (``docs/privacy.md``)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="raters")
    role = models.CharField(max_length=8, choices=RaterRole.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followup_raters",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    handed_out = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["round", "role", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="followup_rater_person_once",
            ),
            models.UniqueConstraint(
                fields=["round", "email"],
                condition=~Q(email=""),
                name="followup_rater_email_once",
            ),
            models.CheckConstraint(
                name="followup_rater_peer_reachable",
                condition=~Q(role="peer") | Q(person__isnull=False) | ~Q(email=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.name}"


class Snapshot(models.Model):
    """The round's figures, computed once when its window closed. Never updated: a late answer
    (refused by the closed window, or stored anyway) changes nothing shown."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="snapshot")
    frozen_at = models.DateTimeField(default=now, editable=False)
    frozen_on = models.DateField()
    n_self = models.PositiveSmallIntegerField()
    n_mentor = models.PositiveSmallIntegerField()
    n_peers = models.PositiveSmallIntegerField()
    figures = models.JSONField()

    def __str__(self) -> str:
        return f"snapshot of {self.round}"


class Sent(models.Model):
    """One message the scheduler created: (kind, object, recipient, due) is unique, so running
    it twice on a day sends nothing twice."""

    kind = models.CharField(max_length=20)
    object_key = models.CharField(max_length=60)
    recipient = models.CharField(max_length=260)
    due = models.DateField()
    sent_on = models.DateField()
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "recipient", "due"], name="followup_sent_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_key", "recipient"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_key} → {self.recipient} ({self.due})"
