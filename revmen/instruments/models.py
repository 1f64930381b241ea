"""The one instrument engine: every measurement is an Administration of an instrument Version.

Instrument ─< Version ─< Section, Scale, Item
Version ─< Administration (audience, window, identity mode, optional subject) ─< Invitation, Token
Administration ─< Response (one compact row: answers as bytes, one per item position)

Anonymity (threat model in docs/privacy.md: an operator with SECRET_KEY, every table with its
system columns, the raw pages, the write-ahead log, the outbox and the logs, at any later time):
- an anonymous Response has no respondent, no token, a random key and a date without time; the
  periodic ``instruments.settle`` job rewrites new ones in random order (``settle.py``);
- a Token (a wave's or an open link's, single use, stored hashed) names no person; accepting an
  answer deletes it;
- a person's key to an anonymous questionnaire is random and handed out once, into a browser
  cookie (``Invitation.handed_out``, written in its own transaction); it is never stored. Its
  use is remembered as a hash only (``UsedToken``), beside the answer, never beside the person;
- an Invitation records who was asked and whether their key was handed out, never whether or
  when they answered.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency, Unit
from revmen.training.models import Batch

from .audiences import CODE_LENGTH, NOBODY, audience_choices, subject_choices

if TYPE_CHECKING:
    from .qtypes import QuestionType


class InstrumentKind(models.TextChoices):
    ATTITUDE = "attitude", _("Attitude (pre/post)")
    KNOWLEDGE = "knowledge", _("Knowledge test")
    REACTION = "reaction", _("Evaluation (reaction)")
    BEHAVIOUR = "behaviour", _("Behaviour (360°)")
    CULTURE = "culture", _("Culture survey")
    SKM = "skm", _("Public satisfaction (SKM)")


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=InstrumentKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_builtin = models.BooleanField(_("built-in"), default=False)
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="instruments"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """A frozen-once-used set of items. Editing an instrument that has responses makes a new one."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return Response.objects.filter(administration__version=self).exists()


class Scale(models.Model):
    """A named scale (dimension): its score is the mean of its items after reverse-keying."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="scale_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="section_unique_order"),
        ]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Likert scale")
    CHOICE = "choice", _("Multiple choice")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    MULTI_CHOICE = "multi_choice", _("Several choices")
    NUMERIC = "numeric", _("Number")
    DATE = "date", _("Date")


class Item(models.Model):
    """One question. ``position`` is its index in a response's answer bytes."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    kind = models.CharField(_("type"), max_length=12, choices=ItemKind.choices)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    reverse = models.BooleanField(_("reverse-keyed"), default=False)
    scale = models.ForeignKey(
        Scale, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    options = models.JSONField(_("options"), default=list, blank=True)
    # the codes another tool gave the options (LimeSurvey's answer codes), in their order
    option_codes = models.JSONField(_("option codes"), default=list, blank=True)
    key = models.PositiveSmallIntegerField(_("correct option"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="item_unique_code"),
            models.UniqueConstraint(fields=["version", "position"], name="item_unique_position"),
            models.CheckConstraint(
                name="item_likert_points",
                condition=~Q(kind="likert") | Q(points__gte=2, points__lte=11),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    @property
    def qtype(self) -> QuestionType:
        """This item's question type (``qtypes.py``); ``UnknownItemKind`` for a stray kind."""
        from .qtypes import qtype_for  # qtypes imports ItemKind from this module

        return qtype_for(self.kind)

    @property
    def is_text(self) -> bool:
        return self.qtype.is_text

    @property
    def max_value(self) -> int:
        """Largest stored value: the number of points, or of options; 0 for text."""
        return self.qtype.max_value(self)


class IdentityMode(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONFIDENTIAL = "confidential", _("Confidential (linked, never named in reports)")
    ANONYMOUS = "anonymous", _("Anonymous (no link to the person)")


class Purpose(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    EVALUATION = "evaluation", _("Evaluation")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CULTURE = "culture", _("Culture wave")
    SKM = "skm", _("Public satisfaction")
    OTHER = "other", _("Other")


class Administration(models.Model):
    """An instrument version given to an audience in a time window."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="administrations")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.OTHER
    )
    # Who is asked and about whom: codes registered in audiences.py (by this app and above).
    audience = models.CharField(_("audience"), max_length=CODE_LENGTH, choices=audience_choices)
    subject = models.CharField(
        _("about"), max_length=CODE_LENGTH, choices=subject_choices, default=NOBODY
    )
    identity = models.CharField(_("identity"), max_length=12, choices=IdentityMode.choices)
    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, null=True, blank=True, related_name="administrations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="administrations"
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    public_key = models.CharField(max_length=32, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="administration_window_order"
            ),
            models.CheckConstraint(
                name="administration_open_link_is_anonymous",
                condition=~Q(audience="open_link") | Q(identity="anonymous"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at: datetime | None = None) -> bool:
        moment = at or now()
        return self.opens_at <= moment < self.closes_at


class Invitation(models.Model):
    """Who is asked (about whom), and whether their key to an anonymous questionnaire was handed
    out (to one browser). Never records whether or when they answered, nor the key."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    handed_out = models.BooleanField(default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "person", "subject"], name="invitation_unique"
            ),
            models.UniqueConstraint(
                fields=["administration", "person"],
                condition=Q(subject__isnull=True),
                name="invitation_unique_no_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.administration}"


class Token(models.Model):
    """A single-use anonymous token, stored hashed. Names no person; deleted when used."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"token for {self.administration_id}"


class UsedToken(models.Model):
    """The hash of a handed-out key that has been used: refuses a second answer with it.

    Written with the answer, in its transaction; no column names a person, and the person's
    side (``Invitation.handed_out``) never holds the key or its hash.
    """

    token_hash = models.CharField(max_length=64, primary_key=True)
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="used_tokens"
    )

    def __str__(self) -> str:
        return f"used token for {self.administration_id}"


class Response(models.Model):
    """One answer sheet. ``answers[i]`` is item position i: 0 = missing, else the value."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses_about",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answers = models.BinaryField()
    texts = models.JSONField(default=dict, blank=True)
    submitted_on = models.DateField()
    # Settled by a periodic job: folded into the culture aggregates (waves) or rewritten in
    # random order (other anonymous questionnaires). Identified answers are never settled.
    folded = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["administration"],
                condition=models.Q(folded=False),
                name="response_unfolded",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "respondent", "subject"],
                condition=Q(respondent__isnull=False, subject__isnull=False),
                name="response_once_per_subject",
            ),
            models.UniqueConstraint(
                fields=["administration", "respondent"],
                condition=Q(respondent__isnull=False, subject__isnull=True),
                name="response_once",
            ),
        ]

    def __str__(self) -> str:
        return f"response to {self.administration_id}"


class Draft(models.Model):
    """Saved progress. Keyed by person (identified, confidential) or token hash (anonymous)."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="drafts"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True)
    answers = models.BinaryField()
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "person", "subject"],
                condition=Q(person__isnull=False, subject__isnull=False),
                name="draft_unique_person_subject",
            ),
            models.UniqueConstraint(
                fields=["administration", "person"],
                condition=Q(person__isnull=False, subject__isnull=True),
                name="draft_unique_person",
            ),
            models.UniqueConstraint(
                fields=["administration", "token_hash"],
                condition=~Q(token_hash=""),
                name="draft_unique_token",
            ),
        ]

    def __str__(self) -> str:
        return f"draft for {self.administration_id}"
