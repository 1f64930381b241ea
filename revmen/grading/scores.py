"""Reading component scores out of the instrument engine: rubric responses and knowledge tests.

A rubric response's score is the mean of its scored Likert items, each mapped onto 0-100 as
``100 × (value − 1) / (points − 1)`` (1 of 4 → 0, 4 of 4 → 100); raters are then combined by
the programme's rule (``revmen.stats.grades.combine_raters``). A knowledge test's score is the
percent correct (the engine's rule: ``100 × scale_scores(correct_answers(...))``); several
tests of a batch (not the pre-tests) are averaged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from revmen.instruments.analysis import item_matrix
from revmen.instruments.models import Administration, InstrumentKind, Item, Purpose, Response
from revmen.instruments.qtypes import KEY, SCALE
from revmen.stats.grades import combine_raters, raters_disagree
from revmen.stats.scoring import correct_answers, scale_scores
from revmen.training.models import Batch

from .models import ComponentSource, GradingSettings, Rubric, Source

TWO = Decimal("0.01")


@dataclass
class RaterScore:
    rater_id: int
    rater_name: str
    score: Decimal


@dataclass
class ComponentResult:
    """One participant's score on one component: combined, and each rater's when rated."""

    score: Decimal | None
    raters: list[RaterScore] = field(default_factory=list)
    disagree: bool = False


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.0001"))


def likert_items(administration: Administration) -> list[Item]:
    return [
        item
        for item in administration.version.items.all()
        if item.qtype.scoring == SCALE and item.points
    ]


def rubric_score(answers: bytes, items: list[Item]) -> Decimal | None:
    """0-100 for one rubric response (see the module docstring); ``None`` if nothing scored."""
    matrix = item_matrix([bytes(answers)], items)
    if matrix.size == 0:
        return None
    tops = np.array([float(item.points or 2) for item in items])
    scaled = (matrix[0] - 1) / (tops - 1)
    scaled = scaled[~np.isnan(scaled)]
    if scaled.size == 0:
        return None
    return _decimal(100 * float(scaled.mean()))


def rubric_results(rubric: Rubric, settings: GradingSettings) -> dict[int, ComponentResult]:
    """{participant person id: result} for one rubric administration."""
    administration = rubric.administration
    items = likert_items(administration)
    by_subject: dict[int, list[RaterScore]] = defaultdict(list)
    responses = Response.objects.filter(
        administration=administration, respondent__isnull=False, subject__isnull=False
    ).select_related("respondent")
    for response in responses.order_by("respondent__name"):
        score = rubric_score(bytes(response.answers), items)
        if score is not None and response.subject_id is not None:
            assert response.respondent is not None
            by_subject[response.subject_id].append(
                RaterScore(response.respondent_id or 0, response.respondent.name, score)
            )
    results = {}
    for person_id, raters in by_subject.items():
        values = [r.score for r in raters]
        combined = combine_raters(values, rule=settings.combine_rule)
        results[person_id] = ComponentResult(
            score=combined.quantize(TWO) if combined is not None else None,
            raters=raters,
            disagree=raters_disagree(values, gap=settings.disagreement_gap),
        )
    return results


def knowledge_administrations(batch: Batch) -> list[Administration]:
    return list(
        Administration.objects.filter(
            batch=batch, version__instrument__kind=InstrumentKind.KNOWLEDGE
        )
        .exclude(purpose=Purpose.PRE)
        .select_related("version")
        .order_by("opens_at", "pk")
    )


def academic_results(batch: Batch) -> dict[int, ComponentResult]:
    """{person id: mean percent correct over the batch's knowledge tests they took}."""
    per_person: dict[int, list[Decimal]] = defaultdict(list)
    for administration in knowledge_administrations(batch):
        keyed = [i for i in administration.version.items.all() if i.qtype.scoring == KEY and i.key]
        if not keyed:
            continue
        rows = list(
            Response.objects.filter(
                administration=administration, respondent__isnull=False
            ).values_list("respondent_id", "answers")
        )
        if not rows:
            continue
        matrix = item_matrix([bytes(a) for _p, a in rows], keyed)
        percent = 100 * scale_scores(correct_answers(matrix, [int(i.key or 0) for i in keyed]))
        for (person_id, _answers), value in zip(rows, percent, strict=True):
            if not np.isnan(value):
                per_person[person_id].append(_decimal(float(value)))
    return {
        person_id: ComponentResult(score=(sum(values, Decimal(0)) / len(values)).quantize(TWO))
        for person_id, values in per_person.items()
    }


def batch_component_results(
    batch: Batch, settings: GradingSettings
) -> dict[int, dict[int, ComponentResult]]:
    """{component id: {person id: result}} for every component with a source."""
    sources = ComponentSource.objects.filter(component__programme_id=batch.programme_id)
    rubrics = {
        r.component_id: r
        for r in Rubric.objects.filter(batch=batch).select_related("administration__version")
    }
    results: dict[int, dict[int, ComponentResult]] = {}
    for source in sources:
        if source.source == Source.ACADEMIC:
            results[source.component_id] = academic_results(batch)
        elif source.component_id in rubrics:
            results[source.component_id] = rubric_results(rubrics[source.component_id], settings)
        else:
            results[source.component_id] = {}
    return results
