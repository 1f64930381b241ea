"""The grading part of the demo: the closed batch graded (raters' rubrics, a knowledge test,
released, two objections answered, closed again at its own date, certificates through the
certificates app when it offers them), one *Ditunda* and one *Tidak Lulus* among the rest; the
running batch's rubrics open, so the demo's facilitator has participants to score.

Randomness from ``context.rng`` only; a few hundred answer rows, no heavy work.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from revmen.accounts.models import Person
from revmen.core.parts import DemoContext, demo_part
from revmen.instruments.models import Administration, Purpose, Response
from revmen.training.models import Batch, BatchRole

from . import services
from .models import BatchGrading, Reaction, Rubric, Source
from .testing import knowledge_test, rubric_sheet, take_test

SOURCES = {
    "Sikap dan perilaku": Source.ATTITUDE,
    "Akademik": Source.ACADEMIC,
    "Rancangan aksi perubahan": Source.PRESENTATION,
}
NOTES = [
    "Aktif bertanya dan membantu rekan dalam diskusi kelompok.",
    "Selalu hadir tepat waktu dan menyelesaikan tugas sesuai tenggat.",
    "Terbuka menerima masukan; memperbaiki rancangan setelah sesi coaching.",
    "Menunjukkan inisiatif memperbaiki alur layanan di unitnya.",
]


@demo_part(80, "grading")
def load_grading_demo(context: DemoContext) -> None:
    closed, running, _planned = context.made["batches"]
    for batch in (closed, running):
        batch.refresh_from_db()  # the training part set its organiser with update()
    programme = closed.programme
    for component in programme.components.all():
        if component.name in SOURCES:
            services.source_set(component=component, source=SOURCES[component.name])
    organiser = closed.organiser
    assert organiser is not None
    # Ninety days to complete a deferral: the demo's Ditunda is still in time today.
    services.settings_update(programme=programme, by=organiser, deferral_days=90)
    _grade_closed(context, closed, organiser)
    services.rubrics_open(batch=running, by=organiser)
    context.made["graded_batch"] = closed


def _grade_closed(context: DemoContext, batch: Batch, organiser: Person) -> None:
    rng = context.rng
    closed_at = batch.closed_at
    Batch.objects.filter(pk=batch.pk).update(closed_at=None)  # graded as it ran, then closed
    batch.refresh_from_db()
    services.rubrics_open(batch=batch, by=organiser)
    now = timezone.now()
    Administration.objects.filter(rubric__batch=batch).update(
        opens_at=now - timedelta(days=70), closes_at=now + timedelta(days=30)
    )
    test = knowledge_test(batch, n_items=10)
    participants = list(
        batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("person")
        .order_by("person__name")
    )
    rates = services.attendance_rates(batch)
    present = [e for e in participants if rates.get(e.pk, 0) >= batch.programme.min_attendance]
    deferred, weak = present[0].person, present[1].person  # Ditunda, Tidak Lulus by score
    rubrics = list(Rubric.objects.filter(batch=batch).select_related("administration", "component"))
    invitations = {
        rubric.pk: list(rubric.administration.invitations.select_related("person"))
        for rubric in rubrics
    }
    sheets = {
        rubric.pk: {v: rubric_sheet(rubric.administration, v) for v in (1, 2, 3, 4)}
        for rubric in rubrics
    }
    rows = []
    for enrolment in participants:
        person = enrolment.person
        level = 1 if person == weak else rng.choice([3, 3, 4, 4, 4])
        for rubric in rubrics:
            if person == deferred and rubric.component.name.startswith("Rancangan"):
                continue  # no presentation yet: Ditunda
            for invitation in invitations[rubric.pk]:
                if invitation.subject_id != person.pk:
                    continue
                value = level if person == weak else max(1, min(4, level + rng.choice([-1, 0, 0])))
                sheet = sheets[rubric.pk][value]
                texts = {code: rng.choice(NOTES) for code in sheet.texts}
                rows.append(
                    Response(
                        administration=rubric.administration,
                        respondent=invitation.person,
                        subject=person,
                        answers=sheet.encode(),
                        texts=texts,
                        submitted_on=batch.end_date,
                    )
                )
        take_test(test, person, 3 if person == weak else rng.randint(7, 10))
    # The demo writes the rubric answers in one statement (as the raters' form would, one by one).
    Response.objects.bulk_create(rows)
    _reactions(batch)
    services.grades_compute(batch=batch, today=batch.end_date)
    services.grades_release(batch=batch, by=organiser)
    for enrolment, text in [
        (participants[0], "Mohon ditinjau kembali nilai sikap perilaku saya."),
        (participants[3], "Nilai presentasi saya belum sesuai dengan catatan penguji."),
    ]:
        objection = services.objection_file(grade=enrolment.grade, text=text, by=enrolment.person)
        services.objection_answer(
            objection=objection,
            answer="Sudah ditinjau bersama penguji; nilai tetap sesuai rubrik.",
            by=organiser,
        )
    services.batch_close(batch=batch, by=organiser)
    Batch.objects.filter(pk=batch.pk).update(closed_at=closed_at)
    state = batch.grading
    state.released_at = closed_at - timedelta(days=10) if closed_at else state.released_at
    state.objections_until = closed_at - timedelta(days=3) if closed_at else state.objections_until
    state.save(update_fields=["released_at", "objections_until"])


def _reactions(batch: Batch) -> None:
    """The questionnaires part's facilitator and organiser evaluations are the batch's
    reaction evaluations."""
    for administration in Administration.objects.filter(
        batch=batch, purpose=Purpose.EVALUATION
    ).select_related("version__instrument"):
        code = administration.version.instrument.code
        if code in ("EVAL-FASILITATOR", "EVAL-PENYELENGGARA"):
            Reaction.objects.get_or_create(
                batch=batch,
                administration=administration,
                defaults={"about_facilitators": code == "EVAL-FASILITATOR"},
            )
    state, _created = BatchGrading.objects.get_or_create(batch=batch)
    state.reactions_opened_at = timezone.now()
    state.save(update_fields=["reactions_opened_at"])
