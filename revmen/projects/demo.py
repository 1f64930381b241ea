"""The change-project part of the demo: plans in every workflow state (the running batch) and
projects in every status (the closed batch's alumni), with milestones, reports and evidence."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from revmen.accounts.demo import LOGINS
from revmen.accounts.models import Person, Unit
from revmen.core.parts import DemoContext, demo_part
from revmen.service.models import ServiceUnit
from revmen.training.models import Batch, BatchRole, Enrolment

from . import services
from .models import Attachment, Milestone, Plan, PlanVersion, Report, Step, StepKind, Term

TITLES = [
    "Layanan rujukan satu hari tanpa antre",
    "Papan informasi biaya dan waktu layanan perizinan",
    "Kanal pengaduan WhatsApp dengan batas jawab dua hari",
    "Arsip digital surat masuk di sekretariat",
    "Apel pagi berbagi nilai BerAKHLAK setiap Senin",
    "Formulir persyaratan yang disederhanakan",
    "Jadwal piket loket pada jam istirahat",
    "Survei kepuasan tiga pertanyaan di loket",
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _plan(
    enrolment: Enrolment,
    index: int,
    today: date,
    offsets: list[int],
    service_unit: Unit | None = None,
) -> Plan:
    person = enrolment.person
    data: dict[str, Any] = {
        "title": TITLES[index % len(TITLES)],
        "problem": "Warga mengeluhkan waktu tunggu yang lama dan informasi yang tidak jelas.",
        "baseline": "Rata-rata waktu layanan 3,4 hari; 27 pengaduan dalam tiga bulan terakhir.",
        "baseline_figure": Decimal("3.4"),
        "goal": "Layanan selesai dalam satu hari kerja dengan informasi yang terbuka.",
        "values": ["BP", "AK", "KL"] if index % 2 else ["ML", "RS"],
        "stakeholders": "Kepala unit, petugas loket, perwakilan warga",
    }
    if service_unit is not None or (index % 3 == 0 and person.unit_id):
        data["service_unit"] = service_unit or person.unit
        data["service_components"] = ["prosedur", "waktu", "pengaduan"]
    plan = services.plan_create(enrolment=enrolment, actor=person, data=data)
    services.team_add(plan=plan, actor=person, name="Rekan seksi", role="Petugas loket")
    services.attachment_add(
        plan=plan, actor=person, kind="baseline", filename="foto-antrean.png", content=PNG
    )
    terms = [Term.SHORT, Term.MEDIUM, Term.LONG]
    for number, offset in enumerate(offsets):
        services.milestone_add(
            plan=plan,
            actor=person,
            term=terms[min(number, 2)],
            title=["SOP baru disahkan", "Uji coba di loket", "Layanan berjalan penuh"][
                min(number, 2)
            ],
            indicator="Rata-rata hari layanan",
            target_value=Decimal(["2", "1.5", "1"][min(number, 2)]),
            target_date=today + timedelta(days=offset),
        )
    return plan


def _approve(plan: Plan) -> Plan:
    plan = services.plan_submit(plan=plan, actor=plan.owner)
    assert plan.mentor is not None
    return services.plan_review(plan=plan, actor=plan.mentor, decision=services.APPROVE)


def _report(plan: Plan, position: int, *, confirm: bool | None) -> None:
    milestone = list(plan.milestones.all())[position]
    services.report_add(
        milestone=milestone,
        actor=plan.owner,
        text="SOP disusun bersama tim dan ditandatangani kepala unit.",
        figure=Decimal(2),
        files=[("bukti.png", PNG)],
    )
    if confirm is None or plan.mentor is None:
        return
    decision = services.APPROVE if confirm else services.RETURN
    services.milestone_review(
        milestone=milestone,
        actor=plan.mentor,
        decision=decision,
        comment="" if confirm else "Lampirkan foto SOP yang sudah ditandatangani.",
    )


# The demo acts in a second through the services, which stamp every step "now". Afterwards each
# plan's trail is spread over the weeks it would have taken: written during the training,
# reviewed a few working days later, progress reported around each milestone's date, the
# mentor's answer a day or three after, never later than "now".
MILESTONE_STEPS = {StepKind.REPORTED, StepKind.EVIDENCE}
ANSWER_STEPS = {StepKind.CONFIRMED, StepKind.MILESTONE_RETURNED}


def _office_hours(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15), rng.randint(0, 59))))


def _step_time(
    step: Step, previous: datetime, milestones: dict[int, Milestone], rng: random.Random
) -> datetime:
    if step.kind in MILESTONE_STEPS and step.milestone_id in milestones:
        target = milestones[step.milestone_id].target_date
        return max(_office_hours(target - timedelta(days=rng.randint(0, 5)), rng), previous)
    if step.kind == StepKind.STOPPED:
        return max(previous, timezone.now() - timedelta(days=rng.randint(15, 25)))
    days = rng.randint(1, 3) if step.kind in ANSWER_STEPS else rng.randint(1, 4)
    return _office_hours(previous.date() + timedelta(days=days), rng)


def retime(plan: Plan, written: date, rng: random.Random) -> None:
    """Spread the plan's trail and what hangs on it over a believable history (see above)."""
    latest = timezone.now() - timedelta(hours=2)
    milestones = {m.pk: m for m in plan.milestones.all()}
    steps = list(plan.steps.order_by("pk"))
    reports = iter(Report.objects.filter(milestone__plan=plan).order_by("pk"))
    at = min(_office_hours(written, rng), latest - timedelta(days=len(steps)))
    for number, step in enumerate(steps):
        if number:
            at = min(max(_step_time(step, at, milestones, rng), at), latest)
            at += timedelta(minutes=rng.randint(5, 50))
        Step.objects.filter(pk=step.pk).update(at=at)
        if step.kind in MILESTONE_STEPS:
            report = next(reports)
            Report.objects.filter(pk=report.pk).update(created_at=at)
            Attachment.objects.filter(report=report).update(uploaded_at=at)
        elif step.kind == StepKind.CONFIRMED:
            Milestone.objects.filter(steps=step).update(confirmed_at=at)
        elif step.kind == StepKind.APPROVED:
            PlanVersion.objects.filter(plan=plan, version=step.version).update(approved_at=at)
        elif step.kind == StepKind.STOPPED:
            Plan.objects.filter(pk=plan.pk).update(stopped_at=at)
        if number == 0:
            Plan.objects.filter(pk=plan.pk).update(created_at=at)
            Attachment.objects.filter(plan=plan, report=None).update(uploaded_at=at)
        if step.milestone_id is None:
            Plan.objects.filter(pk=plan.pk).update(updated_at=at)


def _participants(batch: Batch, mentor: Person | None) -> list[Enrolment]:
    enrolments = list(
        Enrolment.objects.filter(batch=batch, role=BatchRole.PARTICIPANT, mentor__isnull=False)
        .select_related("person__unit", "mentor")
        .order_by("pk")
    )
    # The demo's login people first: the alumnus / participant, then the mentor's mentees.
    logins = {LOGINS["alumni"][0], LOGINS["participant"][0]}
    enrolments.sort(
        key=lambda e: (e.person.email not in logins, mentor is None or e.mentor_id != mentor.pk)
    )
    return enrolments


# Every status from the same rule, whatever the dates: every milestone past its date but the
# latest is confirmed; the latest past one is confirmed with the next one reported and awaiting
# the mentor (on track), reported and returned (late), never reported (missed) or confirmed
# with all the rest (completed); a stopped project ends after its confirmations.
STATUS_OFFSETS_RECENT = {
    "on_track": [-20, 15, 150],
    "late": [-6, 60, 150],
    "missed": [-45, 30, 120],
    "completed": [-40, -10],
    "stopped": [-30, 40],
}


def every_status(
    alumni: list[Enrolment],
    today: date,
    offsets: dict[str, list[int]],
    service_unit: Unit | None = None,
    first_title: int = 0,
) -> dict[str, Plan]:
    """One approved project per status (``offsets``: days from ``today`` of each status's
    milestones) for the first five ``alumni``; the completed one changed ``service_unit``."""
    made: dict[str, Plan] = {}
    for number, key in enumerate(["on_track", "late", "missed", "completed", "stopped"]):
        days = offsets[key]
        unit = service_unit if key == "completed" else None
        plan = _approve(_plan(alumni[number], first_title + number, today, days, unit))
        past = [position for position, offset in enumerate(days) if offset < 0]
        latest = past[-1] if past else None
        for position in past[:-1]:
            _report(plan, position, confirm=True)
        if key == "on_track":
            if latest is not None:
                _report(plan, latest, confirm=True)
            _report(plan, len(past), confirm=None)
        elif key == "late" and latest is not None:
            _report(plan, latest, confirm=False)
        elif key == "completed":
            for position in range(len(past[:-1]), len(days)):
                _report(plan, position, confirm=True)
        elif key == "stopped":
            plan = services.plan_stop(
                plan=plan,
                actor=plan.owner,
                reason="transfer",
                note="Dipindahkan ke kecamatan lain.",
            )
        made[key] = plan
    return made


STATUS_OFFSETS_SIX_MONTHS = {
    "on_track": [-150, -60, 40],
    "late": [-120, -8, 90],
    "missed": [-100, -50, 60],
    "completed": [-160, -100, -40],
    "stopped": [-140, -90, 30],
}


def long_ago(
    alumni: list[Enrolment],
    today: date,
    rng: random.Random,
    colleague: Person,
    new_mentor: Person,
) -> dict[str, Plan]:
    """The projects of a batch closed more than six months ago: every status, and one handed
    over on a transfer (*mutasi*) to ``colleague`` with ``new_mentor``, its history kept."""
    made = every_status(alumni, today, STATUS_OFFSETS_SIX_MONTHS, first_title=3)
    handed = _approve(_plan(alumni[5], 2, today, [-120, -30, 60]))
    _report(handed, 0, confirm=True)
    _report(handed, 1, confirm=True)
    made["handed_over"] = services.plan_transfer(
        plan=handed,
        actor=handed.owner,
        to=services.Handover(owner=colleague, mentor=new_mentor),
        note="Mutasi ke Badan Kepegawaian Daerah; dilanjutkan rekan satu seksi.",
    )
    for plan in made.values():
        retime(plan, plan.enrolment.batch.start_date + timedelta(days=rng.randint(14, 30)), rng)
    return made


@demo_part(70, "projects")
def load_projects_demo(context: DemoContext) -> None:
    batches: list[Batch] = context.made.get("batches", [])
    if len(batches) < 2:
        return
    today = context.today
    mentor = Person.objects.filter(email=LOGINS["mentor"][0]).first()
    closed, running = batches[0], batches[1]
    alumni = _participants(closed, mentor)
    # The closed batch: every status. The completed one changed the demo's SKM-surveyed service
    # (its SKM before and after the batch feeds the results level of the impact dashboard).
    surveyed = ServiceUnit.objects.select_related("unit").order_by("pk").first()
    made = every_status(alumni, today, STATUS_OFFSETS_RECENT, surveyed.unit if surveyed else None)
    # The running batch: every workflow state.
    current = _participants(running, mentor)
    returned = services.plan_submit(
        plan=_plan(current[0], 5, today, [40, 90, 200]), actor=current[0].person
    )
    assert returned.mentor is not None
    made["returned"] = services.plan_review(
        plan=returned,
        actor=returned.mentor,
        decision=services.RETURN,
        comment="Tambahkan data pengaduan tiga bulan terakhir sebagai baseline.",
    )
    made["draft"] = _plan(current[1], 6, today, [45])
    made["submitted"] = services.plan_submit(
        plan=_plan(current[2], 7, today, [40, 100]), actor=current[2].person
    )
    resubmitted = services.plan_submit(
        plan=_plan(current[3], 1, today, [35, 80]), actor=current[3].person
    )
    assert resubmitted.mentor is not None
    services.plan_review(
        plan=resubmitted,
        actor=resubmitted.mentor,
        decision=services.RETURN,
        comment="Indikator jangka panjang belum terukur.",
    )
    made["resubmitted"] = services.plan_submit(plan=resubmitted, actor=resubmitted.owner)
    made["approved"] = _approve(_plan(current[4], 2, today, [30, 90, 180]))
    for plan in made.values():
        batch = plan.enrolment.batch
        # Written in the batch's third to fifth week (the running batch: its first days).
        days = context.rng.randint(14, 30) if batch.pk == closed.pk else context.rng.randint(0, 2)
        retime(plan, batch.start_date + timedelta(days=days), context.rng)
    context.made["projects"] = made
