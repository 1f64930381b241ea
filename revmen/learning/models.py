"""Affective learning: a programme's material library, reflection prompts on sessions, the
participants' journal entries with their revisions and the facilitators' feedback, and the
commitments each participant makes per value at the end of the learning phase.

Who reads a journal entry is a rule of ``learning.access``: its writer, the batch's
facilitators and the coach of the writer's group. Nobody else, the admin included, sees its
text; ``affect_*``, ``themes`` and ``vector`` are what the machine read from it
(``learning.analysis``), written by a background job that is given the entry's id only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.training.models import Batch, Programme, Session


class MaterialKind(models.TextChoices):
    STORY = "story", _("Story")
    CASE = "case", _("Case")
    VIDEO = "video", _("Video")
    READING = "reading", _("Reading")


class Material(models.Model):
    """Affective material of a programme: a link or an uploaded file, tagged with values.

    An upload is kept in the database (never under MEDIA_ROOT, which the web server serves to
    anyone) and only ever sent as an attachment (``learning.views.material_file``).
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)
    # Value codes of ``core.values`` in their official order.
    values = models.JSONField(_("values"), default=list, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_content = models.BinaryField(null=True, blank=True, editable=False)
    sessions = models.ManyToManyField(Session, blank=True, related_name="materials")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["programme", "title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    @property
    def has_file(self) -> bool:
        return bool(self.file_name)


class Prompt(models.Model):
    """A reflection prompt a facilitator attaches to a session, open for entries until
    ``deadline``."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="prompts")
    text = models.TextField(_("prompt"))
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["session__starts_at", "deadline", "pk"]
        verbose_name = _("reflection prompt")
        verbose_name_plural = _("reflection prompts")

    def __str__(self) -> str:
        return self.text[:60]

    def is_open(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.deadline


class Entry(models.Model):
    """One participant's answer to one prompt; revised until the deadline (``EntryRevision``
    keeps every version)."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    text = models.TextField(_("entry"))
    revisions_count = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # What the machine read (``learning.analysis``); empty until the job has run.
    affect_score = models.FloatField(null=True, blank=True)
    affect_label = models.CharField(max_length=8, blank=True)
    affect_values = models.JSONField(default=list, blank=True)
    vector = models.BinaryField(null=True, blank=True, editable=False)  # float32, L2-normalised
    vector_digest = models.CharField(max_length=64, blank=True)  # sha256 of the text embedded
    analysed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["prompt", "person__name"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(fields=["prompt", "person"], name="entry_one_per_prompt"),
        ]

    def __str__(self) -> str:
        # Never the text: this string shows in the admin and in logs.
        return f"entry {self.pk} · prompt {self.prompt_id} · person {self.person_id}"


class EntryRevision(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"entry {self.entry_id} revision {self.number}"


class Feedback(models.Model):
    """A facilitator's answer to an entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"feedback {self.pk} on entry {self.entry_id}"


class Commitment(models.Model):
    """A participant's personal commitment for one value (a BerAKHLAK code), written at the end
    of the learning phase; change projects and follow-up read them (``commitments_of``)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="commitments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    value = models.CharField(_("value"), max_length=4)
    text = models.TextField(_("commitment"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["batch", "person", "value"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "person", "value"], name="commitment_one_per_value"
            ),
        ]

    def __str__(self) -> str:
        return f"commitment {self.pk} · {self.value}"
