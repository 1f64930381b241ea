"""Grading: where each component's score comes from, rubric administrations, grades, release,
objections and the reaction evaluations of a batch.

The scheme itself (components, weights, bands, pass mark, minimum attendance) is training's;
this app adds, per programme, the rules for raters and deadlines (:class:`GradingSettings`),
per component its source (:class:`ComponentSource`), and per batch the state of grading.
Rubric scores are responses of the instrument engine (an identified administration about each
participant), never a second survey model.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.instruments.models import Administration, Instrument
from revmen.training.models import (
    PERCENT,
    Batch,
    Enrolment,
    EvaluationComponent,
    Outcome,
    Programme,
)


class CombineRule(models.TextChoices):
    MEAN = "mean", _("Mean of the raters")
    MEDIAN = "median", _("Median of the raters")


class Source(models.TextChoices):
    """Where a component's score comes from."""

    ATTITUDE = "attitude", _("Attitude rubric (facilitators)")
    ACADEMIC = "academic", _("Knowledge tests (auto-scored)")
    PRESENTATION = "presentation", _("Presentation rubric (examiner)")
    COACH = "coach", _("Coach's assessment")
    MENTOR = "mentor", _("Mentor's assessment")


# The built-in rubric of each rubric source (revmen/instruments/library/rubrik-*.json).
DEFAULT_RUBRICS = {
    Source.ATTITUDE: "RUBRIK-SIKAP",
    Source.PRESENTATION: "RUBRIK-PRESENTASI",
    Source.COACH: "RUBRIK-COACH",
    Source.MENTOR: "RUBRIK-MENTOR",
}
RUBRIC_SOURCES = tuple(DEFAULT_RUBRICS)


class GradingSettings(models.Model):
    """A programme's rules for raters, deferrals, objections and reaction results."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="grading")
    combine_rule = models.CharField(
        _("combining raters"), max_length=8, choices=CombineRule.choices, default=CombineRule.MEAN
    )
    disagreement_gap = models.DecimalField(
        _("raters disagree above (points of 100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=PERCENT,
    )
    deferral_days = models.PositiveSmallIntegerField(
        _("days to complete a deferred grade"), default=30, validators=[MaxValueValidator(366)]
    )
    objection_days = models.PositiveSmallIntegerField(
        _("objection window (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum answers before reaction results show"),
        default=5,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("grading settings")
        verbose_name_plural = _("grading settings")

    def __str__(self) -> str:
        return str(self.programme)


class ComponentSource(models.Model):
    """Where an evaluation component's score comes from, and which rubric (editable per
    programme: a copy of the built-in rubric) its raters use."""

    component = models.OneToOneField(
        EvaluationComponent, on_delete=models.CASCADE, related_name="source"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rubric"),
    )

    class Meta:
        verbose_name = _("component source")
        verbose_name_plural = _("component sources")

    def __str__(self) -> str:
        return f"{self.component} · {self.get_source_display()}"


class Rubric(models.Model):
    """The administration in which one component's raters score a batch's participants."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rubrics")
    component = models.ForeignKey(
        EvaluationComponent, on_delete=models.CASCADE, related_name="rubrics"
    )
    administration = models.OneToOneField(
        Administration, on_delete=models.CASCADE, related_name="rubric"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "component"], name="rubric_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.batch.code} · {self.component.name}"


class BatchGrading(models.Model):
    """A batch's grading state: released to participants, objections until, reactions."""

    batch = models.OneToOneField(Batch, on_delete=models.CASCADE, related_name="grading")
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    objections_until = models.DateTimeField(_("objections until"), null=True, blank=True)
    reactions_opened_at = models.DateTimeField(null=True, blank=True)
    raters_reminded_at = models.DateTimeField(_("raters reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch grading")
        verbose_name_plural = _("batch gradings")

    def __str__(self) -> str:
        return str(self.batch)

    def objections_open(self) -> bool:
        return bool(
            self.released_at
            and self.objections_until
            and timezone.now() < self.objections_until
            and not self.batch.is_closed
        )


class Grade(models.Model):
    """A participant's grade: the outcome of ``revmen.stats.grades.final_grade``.

    ``scores`` holds each component's score (``{component id: "85.50" | None}``) as computed;
    ``overrides`` the scores the organiser set by a correction or to complete a deferral.
    """

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="grade")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    final_score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    predicate = models.CharField(_("predicate"), max_length=100, blank=True)
    attendance = models.DecimalField(_("attendance (%)"), max_digits=5, decimal_places=2)
    scores = models.JSONField(default=dict)
    overrides = models.JSONField(default=dict, blank=True)
    missing = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    certificate_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment__person__name"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.get_outcome_display()}"


class Objection(models.Model):
    """A participant's objection to their released grade, and the organiser's answer."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"))
    filed_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.grade.enrolment.person} · {self.filed_at:%Y-%m-%d}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Reaction(models.Model):
    """A reaction evaluation (level 1) of a batch: of its facilitators or of its organiser."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="reactions")
    administration = models.OneToOneField(
        Administration, on_delete=models.CASCADE, related_name="reaction"
    )
    about_facilitators = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.batch.code} · {self.administration}"
