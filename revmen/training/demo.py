"""The training part of the demo: curriculum, evaluation scheme, groups, mentors, sessions and
attendance for the demo's programme and batches. The demo's training part (below, after the
accounts part) makes the programme, batches and enrolments, then calls ``load_training_demo``,
which uses its own seeded random generator.

The curriculum below is illustrative (agenda and mata pelatihan names in the spirit of the
programme, JP chosen to add up to a plausible total), not an official LAN curriculum.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from revmen.accounts.demo import LOGINS, People
from revmen.accounts.models import Agency, Person, RoleKind
from revmen.core.parts import DemoContext, demo_part

from . import services, sessions
from .models import (
    Attendance,
    AttendanceStatus,
    Batch,
    BatchRole,
    Enrolment,
    FacilitatorAssignment,
    Mode,
    PhaseKind,
    Programme,
    Session,
)

SEED = 20261124
PROGRAMME = (
    "Pelatihan Revolusi Mental untuk Penguatan Budaya Birokrasi yang Bersih, Melayani dan Responsif"
)
CURRICULUM = [
    (
        "Agenda Nilai Revolusi Mental",
        [
            ("Integritas", 6),
            ("Etos Kerja", 6),
            ("Gotong Royong", 6),
            ("Nilai Dasar ASN BerAKHLAK", 6),
        ],
    ),
    (
        "Agenda Budaya Birokrasi",
        [("Birokrasi Bersih", 6), ("Birokrasi Melayani", 6), ("Birokrasi Responsif", 6)],
    ),
    (
        "Agenda Aksi Perubahan",
        [("Diagnosis Budaya Kerja", 4), ("Rancangan Transformasi Budaya Birokrasi", 8)],
    ),
]
COMPONENTS = [
    ("Sikap dan perilaku", Decimal(20)),
    ("Akademik", Decimal(30)),
    ("Rancangan aksi perubahan", Decimal(50)),
]
ROOMS = ["Ruang Kelas Tambun Bungai", "Ruang Kelas Isen Mulang", "Aula BPSDM"]


def load_training_demo(*, today: date, programme_code: str = "PRM") -> None:
    """Add curriculum, scheme, staff, sessions and attendance; a second call changes nothing."""
    programme = Programme.objects.filter(code=programme_code).first()
    if programme is None or programme.agendas.exists():
        return
    rng = random.Random(SEED)
    with transaction.atomic():
        _curriculum(programme)
        for batch in programme.batches.order_by("start_date"):
            _staff(batch, rng)
            _sessions(batch, today, rng)


def _curriculum(programme: Programme) -> None:
    for agenda_name, subjects in CURRICULUM:
        agenda = services.agenda_create(programme=programme, name=agenda_name)
        for name, jp in subjects:
            services.subject_create(agenda=agenda, name=name, jp=jp)
    services.phase_create(programme=programme, kind=PhaseKind.LEARNING, mode=Mode.BLENDED, weeks=3)
    services.phase_create(programme=programme, kind=PhaseKind.WORKPLACE, weeks=5)
    services.phase_create(programme=programme, kind=PhaseKind.PRESENTATION, weeks=1)
    services.scheme_set(
        programme=programme,
        components=COMPONENTS,
        bands=services.DEFAULT_BANDS,
        pass_mark=Decimal(60),
        min_attendance=Decimal(90),
    )


def _staff(batch: Batch, rng: random.Random) -> None:
    organiser = Person.objects.filter(
        roles__kind=RoleKind.ORGANISER, roles__agency=batch.programme.institute_id
    ).first()
    Batch.objects.filter(pk=batch.pk).update(capacity=30, mode=Mode.BLENDED, organiser=organiser)
    staff = {e.role: e.person for e in batch.enrolments.exclude(role=BatchRole.PARTICIPANT)}
    facilitators = list(
        Person.objects.filter(enrolments__batch=batch, enrolments__role=BatchRole.FACILITATOR)
    )
    subjects = [s for a in batch.programme.agendas.all() for s in a.subjects.all()]
    FacilitatorAssignment.objects.bulk_create(
        FacilitatorAssignment(
            batch=batch, subject=s, facilitator=facilitators[i % len(facilitators)]
        )
        for i, s in enumerate(subjects)
    )
    participants = list(batch.enrolments.filter(role=BatchRole.PARTICIPANT).order_by("pk"))
    mentors = list(
        Person.objects.filter(enrolments__batch=batch, enrolments__role=BatchRole.MENTOR)
    )
    half = len(participants) // 2
    for number, members in [(1, participants[:half]), (2, participants[half:])]:
        services.group_save(
            batch=batch,
            name=f"Kelompok {number}",
            coach=staff.get(BatchRole.COACH),
            examiner=staff.get(BatchRole.EXAMINER),
            members=members,
        )
    for enrolment in participants:
        enrolment.mentor = rng.choice(mentors)
    Enrolment.objects.bulk_update(participants, ["mentor"])


def _sessions(batch: Batch, today: date, rng: random.Random) -> None:
    """Two sessions a day on the first ten weekdays; attendance for those already held."""
    facilitator_of = {
        a.subject_id: a.facilitator for a in batch.assignments.select_related("facilitator")
    }
    subjects = [s for a in batch.programme.agendas.all() for s in a.subjects.all()]
    zone = batch.programme.institute.timezone
    day = batch.start_date
    created: list[Session] = []
    while len(created) < 20:
        if day.weekday() < 5:
            for index, (starts, ends) in enumerate(
                [(time(8), time(10, 15)), (time(13), time(15, 15))]
            ):
                subject = subjects[len(created) % len(subjects)]
                online = batch.mode != Mode.CLASSROOM and day.weekday() in (0, 4)
                created.append(
                    Session(
                        batch=batch,
                        subject=subject,
                        title=subject.name,
                        starts_at=sessions.local_moment(day, starts, zone),
                        ends_at=sessions.local_moment(day, ends, zone),
                        timezone=zone,
                        jp=3,
                        meeting_url="https://meet.demo.revmen.id/" + batch.code.lower()
                        if online
                        else "",
                        room="" if online else ROOMS[index % len(ROOMS)],
                        facilitator=facilitator_of.get(subject.pk),
                    )
                )
        day += timedelta(days=1)
    Session.objects.bulk_create(created)
    _attendance(batch, today, rng)


def _attendance(batch: Batch, today: date, rng: random.Random) -> None:
    # Marks only for sessions that have ended: at the moment the demo loads when it is loaded
    # for today, else at noon of the demo's day.
    now = timezone.now()
    if timezone.localdate(now) != today:
        now = timezone.make_aware(datetime.combine(today, time(12)))
    held = list(batch.sessions.filter(ends_at__lte=now))
    participants = list(batch.enrolments.filter(role=BatchRole.PARTICIPANT).order_by("pk"))
    # A few habitual absentees make the at-risk list worth looking at.
    absentees = {e.person_id for e in participants[-3:]}
    rows = []
    for session in held:
        for enrolment in participants:
            missing = 0.35 if enrolment.person_id in absentees else 0.03
            roll = rng.random()
            if roll < missing:
                if roll < missing / 4:
                    rows.append(
                        Attendance(
                            session=session,
                            person_id=enrolment.person_id,
                            status=AttendanceStatus.EXCUSED,
                        )
                    )
                continue
            rows.append(
                Attendance(
                    session=session,
                    person_id=enrolment.person_id,
                    status=AttendanceStatus.PRESENT,
                    checked_in_at=session.starts_at + timedelta(minutes=rng.randint(0, 12)),
                )
            )
    Attendance.objects.bulk_create(rows)
    current = batch.sessions.filter(ends_at__gt=now).order_by("starts_at").first()
    if current is not None and not batch.is_closed and current.state(now) == "checkin":
        # A session whose check-in window is open has its code ready, so the demo participant
        # can try it (the facilitator's session page shows the code).
        sessions.checkin_open(session=current, now=now)


@demo_part(20, "training")
def load_batches_demo(context: DemoContext) -> None:
    """One programme with a closed, a running and a planned batch, their participants, staff and
    mentors; then the curriculum, groups, sessions and attendance (``load_training_demo``)."""
    made = context.made
    people: People = made["people"]
    institute: Agency = made["institute"]
    staff: dict[str, list[Person]] = made["staff"]
    programme = Programme.objects.create(institute=institute, code="PRM", name=PROGRAMME)
    batches = []
    for number, start_offset in [("I", -120), ("II", -10), ("III", 45)]:
        start = context.today + timedelta(days=start_offset)
        batch = Batch.objects.create(
            programme=programme,
            code=f"PRM-{start.year}-{number}",
            name=f"Angkatan {number} Tahun {start.year}",
            start_date=start,
            end_date=start + timedelta(weeks=9),
        )
        batches.append(batch)
    closed = batches[0]
    Batch.objects.filter(pk=closed.pk).update(closed_at=_aware(closed.end_date))
    pool = [p for group in made["by_agency"].values() for p in group]
    context.rng.shuffle(pool)
    mentor_outside = people.person(
        institute,
        email=LOGINS["mentor"][0],
        nip=False,
        unit=None,
        jabatan="Kepala Bagian Sumber Daya Manusia Polda Kalimantan Tengah",
    )
    mentor_outside.agency = None
    mentor_outside.unit = None
    mentor_outside.save(update_fields=["agency", "unit"])
    for index, batch in enumerate(batches):
        participants = pool[index * 28 : (index + 1) * 28] if index < 2 else pool[56:76]
        if index == 0:
            participants[0].email = LOGINS["alumni"][0]
            participants[0].save(update_fields=["email"])
        if index == 1:
            participants[0].email = LOGINS["participant"][0]
            participants[0].save(update_fields=["email"])
        for person in participants:
            Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
        for person in staff["facilitator"][:3]:
            Enrolment.objects.create(batch=batch, person=person, role=BatchRole.FACILITATOR)
        Enrolment.objects.create(batch=batch, person=staff["coach"][0], role=BatchRole.COACH)
        Enrolment.objects.create(batch=batch, person=staff["examiner"][0], role=BatchRole.EXAMINER)
        mentors = [mentor_outside, *[p for p in pool[76:] if p not in participants][:4]]
        for person in mentors:
            Enrolment.objects.get_or_create(batch=batch, person=person, role=BatchRole.MENTOR)
    made["batches"] = batches
    load_training_demo(today=context.today)


def _aware(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))
