"""Fixtures for grading's tests (and the browser test): a scheme, sources, a held session."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from revmen.accounts.models import Person
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.models import Administration
from revmen.instruments.services import response_submit
from revmen.training.models import (
    Attendance,
    Batch,
    BatchRole,
    Enrolment,
    EvaluationComponent,
    PredicateBand,
    Session,
)

from .models import Rubric, Source
from .services import source_set

BANDS = [
    ("Sangat Memuaskan", 90),
    ("Memuaskan", 80),
    ("Cukup Memuaskan", 70),
    ("Kurang Memuaskan", 60),
]


def scheme_make(batch: Batch) -> dict[str, EvaluationComponent]:
    """Attitude 20 (facilitators), academic 20 (tests), presentation 60 (examiner)."""
    load_library()
    programme = batch.programme
    made = {}
    for position, (key, name, weight, source) in enumerate(
        [
            ("sikap", "Sikap perilaku", 20, Source.ATTITUDE),
            ("akademik", "Akademik", 20, Source.ACADEMIC),
            ("proyek", "Presentasi rancangan", 60, Source.PRESENTATION),
        ]
    ):
        component = EvaluationComponent.objects.create(
            programme=programme, position=position, name=name, weight=Decimal(weight)
        )
        source_set(component=component, source=source)
        made[key] = component
    for name, above in BANDS:
        PredicateBand.objects.create(programme=programme, name=name, above=Decimal(above))
    return made


def session_held(batch: Batch, present: list[Person], jp: int = 10) -> Session:
    now = timezone.now()
    session = Session.objects.create(
        batch=batch,
        title="Sesi",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
        jp=jp,
    )
    for person in present:
        Attendance.objects.create(session=session, person=person)
    return session


def enrol(batch: Batch, person: Person, role: str = BatchRole.PARTICIPANT) -> Enrolment:
    enrolment, _created = Enrolment.objects.get_or_create(batch=batch, person=person, role=role)
    return enrolment


def rubric_of(batch: Batch, component: EvaluationComponent) -> Administration:
    return Rubric.objects.get(batch=batch, component=component).administration


def rubric_sheet(administration: Administration, value: int, note: str = "Teramati") -> AnswerSheet:
    items = list(administration.version.items.all())
    sheet = AnswerSheet.empty(len(items))
    for item in items:
        if item.points:
            sheet.values[item.position] = value
        else:
            sheet.texts[item.code] = note
    return sheet


def rate(
    batch: Batch, component: EvaluationComponent, rater: Person, subject: Person, value: int
) -> None:
    """``rater`` gives ``subject`` ``value`` (1-4) on every rubric item, with a note each."""
    administration = rubric_of(batch, component)
    response_submit(
        administration=administration,
        sheet=rubric_sheet(administration, value),
        person=rater,
        subject=subject,
    )


def knowledge_test(batch: Batch, n_items: int = 4) -> Administration:
    """A post-test of ``n_items`` questions (option 1 is right) for the batch's participants."""
    from revmen.instruments.library import load_definition
    from revmen.instruments.models import IdentityMode, Instrument, Purpose
    from revmen.instruments.services import administration_create

    code = f"TES-{batch.code}"
    if not Instrument.objects.filter(code=code).exists():
        load_definition(
            {
                "code": code,
                "name": "Tes pengetahuan",
                "kind": "knowledge",
                "scales": [],
                "sections": [
                    {
                        "title": "Tes",
                        "items": [
                            {
                                "code": f"Q{i}",
                                "text": f"Soal {i}",
                                "type": "choice",
                                "options": ["benar", "salah"],
                                "key": 1,
                            }
                            for i in range(1, n_items + 1)
                        ],
                    }
                ],
            },
            builtin=False,
        )
    version = Instrument.objects.get(code=code).latest_version()
    assert version is not None
    now = timezone.now()
    return administration_create(
        version=version,
        title="Post-test",
        audience="participants",
        identity=IdentityMode.IDENTIFIED,
        purpose=Purpose.POST,
        batch=batch,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )


def take_test(administration: Administration, person: Person, right: int) -> None:
    """``person`` answers ``right`` questions correctly and the rest wrongly."""
    n = administration.version.items.count()
    sheet = AnswerSheet(values=[1] * right + [2] * (n - right))
    response_submit(administration=administration, sheet=sheet, person=person)
