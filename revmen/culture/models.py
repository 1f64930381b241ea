"""Culture waves: anonymous administrations of a culture instrument over an agency's unit tree.

A wave's answers are the engine's anonymous responses (unit, answers, date; no person). Reports
read per-(wave, unit) aggregates: counts of every answer value of every item, folded in from new
responses by a background task, so a report costs the same for 100 or 4 million respondents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency, Unit
from revmen.instruments.models import Administration
from revmen.privacy.groups import DEFAULT_MIN_GROUP_SIZE
from revmen.privacy.suppression import DEFAULT_MIN_COMMENT_GROUP


class Wave(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="waves")
    administration = models.OneToOneField(
        Administration, on_delete=models.PROTECT, related_name="wave"
    )
    name = models.CharField(_("name"), max_length=100)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group for scores"), default=DEFAULT_MIN_GROUP_SIZE
    )
    min_comment_group = models.PositiveSmallIntegerField(
        _("minimum group for comments"), default=DEFAULT_MIN_COMMENT_GROUP
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Closing runs in the background: answers stop at ``closing_at``; the report is final (and
    # scores appear) at ``closed_at``. The slow part is a ``core`` job (``services.close_job``).
    closing_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    # Computed once at closing from the answers: agency index, drivers, shuffled comments.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["agency", "-created_at"]
        verbose_name = _("culture wave")
        verbose_name_plural = _("culture waves")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="wave_unique_name"),
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=1), name="wave_min_group_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} · {self.name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_closing(self) -> bool:
        """No longer taking answers, report still being computed (or failed: see the job)."""
        return self.closing_at is not None and self.closed_at is None


class Aggregate(models.Model):
    """Answer counts of one unit's own respondents in one wave (not its subtree).

    ``counts`` holds items x 8 little-endian uint32: column 0 missing, 1..7 the values.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="aggregates")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField(default=0)
    counts = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "unit"], name="aggregate_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.unit_id}: {self.n}"


class CutAggregate(models.Model):
    """Answer counts of the whole wave's respondents who gave one answer to a profile question
    (e.g. years of service: 5-15), or none (``value`` 0).

    Profile answers exist only here: the fold counts them and erases them from the answer rows
    (see ``aggregates.fold``), so no stored row ties a profile answer to a unit.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="cut_aggregates")
    item_code = models.CharField(max_length=20)
    value = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)
    counts = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "item_code", "value"], name="cut_aggregate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.item_code}={self.value}: {self.n}"


class ProfileCount(models.Model):
    """How many of a unit's own respondents gave each answer to a profile question: counts
    only, never answers, kept so that a cut is checked against the unit figures (a cut group
    must not differ from a shown unit group by fewer than k people)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="profile_counts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    item_code = models.CharField(max_length=20)
    value = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "unit", "item_code", "value"], name="profile_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.unit_id}/{self.item_code}={self.value}: {self.n}"


class Headcount(models.Model):
    """How many people a unit really has (its whole subtree), as the culture admin entered or
    imported it for one wave: response rates use it instead of the people registered in
    revmen, who are only those who ever trained or answered."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="headcounts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField(_("headcount"))

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints = [
            models.UniqueConstraint(fields=["wave", "unit"], name="headcount_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.unit_id}: {self.n}"


class CommentVector(models.Model):
    """An open comment of an open wave, embedded (``revmen.text.embed``) as the fold took it in,
    for the themes of the report. A seeded reservoir sample of at most ``COMMENT_SAMPLE``
    comments per wave (``slot`` 0 … sample − 1); no unit, no response, no time: no more than the
    shuffled comments the closed wave's summary keeps. Deleted when the wave closes."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveIntegerField()
    text = models.TextField()
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "slot"], name="comment_vector_unique_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.slot}"


class CommentSample(models.Model):
    """How many comments of the wave the fold has seen (the reservoir sample's counter)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="+")
    seen = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.wave_id}: {self.seen}"
