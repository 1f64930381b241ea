"""Reads of grading: the organiser's board, a rater's list, a participant's own result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from revmen.accounts.models import Person
from revmen.instruments.models import Invitation, Response
from revmen.training.models import Batch, BatchRole, Enrolment, EvaluationComponent

from .models import BatchGrading, ComponentSource, Grade, Objection, Rubric
from .scores import ComponentResult, batch_component_results
from .services import settings_for


@dataclass
class Cell:
    component: EvaluationComponent
    live: ComponentResult | None  # from the rubrics and tests now
    stored: str | None  # what the grade holds (overrides first)


@dataclass
class BoardRow:
    enrolment: Enrolment
    grade: Grade | None
    cells: list[Cell]
    objections: int = 0

    @property
    def disagree(self) -> bool:
        return any(c.live is not None and c.live.disagree for c in self.cells)


@dataclass
class Board:
    batch: Batch
    components: list[EvaluationComponent]
    sources: dict[int, ComponentSource]
    rows: list[BoardRow]
    state: BatchGrading | None
    rubrics: list[Rubric]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def flagged(self) -> list[BoardRow]:
        return [row for row in self.rows if row.disagree]


def board(batch: Batch) -> Board:
    settings = settings_for(batch.programme)
    components = list(batch.programme.components.order_by("position", "pk"))
    sources = {
        s.component_id: s
        for s in ComponentSource.objects.filter(component__programme_id=batch.programme_id)
    }
    live = batch_component_results(batch, settings)
    grades = {g.enrolment_id: g for g in Grade.objects.filter(enrolment__batch=batch)}
    open_objections: dict[int, int] = {}
    for grade_id in Objection.objects.filter(
        grade__enrolment__batch=batch, answered_at__isnull=True
    ).values_list("grade_id", flat=True):
        open_objections[grade_id] = open_objections.get(grade_id, 0) + 1
    rows = []
    enrolments = batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True)
    for enrolment in enrolments.select_related("person").order_by("person__name"):
        grade = grades.get(enrolment.pk)
        cells = []
        for component in components:
            key = str(component.pk)
            stored = None
            if grade is not None:
                stored = grade.overrides.get(key, grade.scores.get(key))
            cells.append(
                Cell(component, live.get(component.pk, {}).get(enrolment.person_id), stored)
            )
        rows.append(
            BoardRow(enrolment, grade, cells, open_objections.get(grade.pk, 0) if grade else 0)
        )
    counts: dict[str, int] = {}
    for row in rows:
        if row.grade is not None:
            counts[row.grade.outcome] = counts.get(row.grade.outcome, 0) + 1
    return Board(
        batch=batch,
        components=components,
        sources=sources,
        rows=rows,
        state=BatchGrading.objects.filter(batch=batch).first(),
        rubrics=list(
            Rubric.objects.filter(batch=batch).select_related("component", "administration")
        ),
        counts=counts,
    )


@dataclass
class RatingTask:
    rubric: Rubric
    subject: Person
    done: bool


def rater_tasks(batch: Batch, person: Person) -> list[RatingTask]:
    """Whom ``person`` is asked to score in the batch's rubrics, and whether they have."""
    invitations = list(
        Invitation.objects.filter(administration__rubric__batch=batch, person=person)
        .select_related("administration__rubric__component", "subject")
        .order_by("administration__rubric__component__position", "subject__name")
    )
    done = set(
        Response.objects.filter(administration__rubric__batch=batch, respondent=person).values_list(
            "administration_id", "subject_id"
        )
    )
    return [
        RatingTask(
            i.administration.rubric,
            i.subject,
            (i.administration_id, i.subject_id) in done,
        )
        for i in invitations
        if i.subject is not None
    ]


@dataclass
class OwnResult:
    enrolment: Enrolment
    released: bool
    grade: Grade | None
    components: list[tuple[EvaluationComponent, Decimal | None]]
    objections: list[Objection]
    state: BatchGrading | None


def own_result(enrolment: Enrolment) -> OwnResult:
    state = BatchGrading.objects.filter(batch_id=enrolment.batch_id).first()
    released = bool(state and state.released_at)
    grade = Grade.objects.filter(enrolment=enrolment).first() if released else None
    components: list[tuple[EvaluationComponent, Decimal | None]] = []
    if grade is not None:
        for component in enrolment.batch.programme.components.order_by("position", "pk"):
            key = str(component.pk)
            raw: Any = grade.overrides.get(key, grade.scores.get(key))
            components.append((component, None if raw is None else Decimal(raw)))
    return OwnResult(
        enrolment=enrolment,
        released=released,
        grade=grade,
        components=components,
        objections=list(grade.objections.all()) if grade else [],
        state=state,
    )


def objections_of(batch: Batch) -> list[Objection]:
    return list(
        Objection.objects.filter(grade__enrolment__batch=batch)
        .select_related("grade__enrolment__person", "answered_by")
        .order_by("answered_at", "-filed_at")
    )


def rated_batches(person: Person) -> list[Batch]:
    """Open batches in which ``person`` has someone to score (for the home page)."""
    ids = Invitation.objects.filter(
        person=person, administration__rubric__isnull=False
    ).values_list("administration__rubric__batch_id", flat=True)
    return list(Batch.objects.filter(pk__in=ids, closed_at__isnull=True).order_by("start_date"))
