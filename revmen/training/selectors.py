"""Reads for training pages and commands, with the joins they need (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from .attendance import AttendanceSummary, SessionJp, summarise
from .models import (
    Attendance,
    AttendanceStatus,
    Batch,
    BatchRole,
    Enrolment,
    Group,
    Session,
    Subject,
)

UNSCHEDULED = -1  # the key of the curriculum's JP that no session holds yet

ACTIVE_PARTICIPANTS = Q(enrolments__role=BatchRole.PARTICIPANT, enrolments__is_active=True)


def batches_with_counts(batches: QuerySet[Batch] | None = None) -> QuerySet[Batch]:
    batches = Batch.objects.all() if batches is None else batches
    return (
        batches.select_related("programme")
        .annotate(participants=Count("enrolments", filter=ACTIVE_PARTICIPANTS))
        .order_by("start_date", "code")
    )


def batch_rows(today: date | None = None) -> list[dict[str, Any]]:
    """What ``revmen batches list --json`` prints, ordered by start date."""
    today = today or timezone.localdate()
    return [
        {
            "code": batch.code,
            "programme": batch.programme.name,
            "start": batch.start_date.isoformat(),
            "end": batch.end_date.isoformat(),
            "status": batch.status(today),
            "participants": batch.participants,  # type: ignore[attr-defined]
        }
        for batch in batches_with_counts()
    ]


def participants_of(batch: Batch) -> QuerySet[Enrolment]:
    return (
        batch.enrolments.filter(role=BatchRole.PARTICIPANT)
        .select_related("person__agency", "person__unit", "mentor", "group")
        .order_by("person__name")
    )


def staff_of(batch: Batch) -> QuerySet[Enrolment]:
    return (
        batch.enrolments.exclude(role=BatchRole.PARTICIPANT)
        .select_related("person__agency")
        .order_by("role", "person__name")
    )


def groups_of(batch: Batch) -> QuerySet[Group]:
    """The batch's groups with coach, examiner and members (by name), in two queries."""
    members = Enrolment.objects.select_related("person").order_by("person__name")
    return (
        batch.groups.select_related("coach", "examiner")
        .annotate(n=Count("members"))
        .prefetch_related(Prefetch("members", members))
    )


@dataclass
class GridRow:
    enrolment: Enrolment
    cells: list[str]  # one status per session: present, excused, absent, or "" (not yet held)
    summary: AttendanceSummary


@dataclass
class AttendanceGrid:
    sessions: list[Session]
    rows: list[GridRow]
    minimum: float

    @property
    def at_risk(self) -> list[GridRow]:
        return [row for row in self.rows if row.summary.status != "ok"]


def _held(session: Session, now: datetime) -> bool:
    """A session counts (and someone without a mark is absent) once it has ended."""
    return session.ends_at <= now


def planned_jp(batch: Batch) -> int:
    """The JP of the programme's curriculum: what attendance is judged against."""
    total = Subject.objects.filter(agenda__programme_id=batch.programme_id).aggregate(jp=Sum("jp"))[
        "jp"
    ]
    return int(total or 0)


def _session_jps(sessions: list[Session], now: datetime, planned: int) -> list[SessionJp]:
    """The sessions in order, then the curriculum's JP not scheduled yet as one session still
    to come: one absence must not look fatal just because few sessions are entered so far."""
    jps = [SessionJp(s.pk, s.jp, _held(s, now)) for s in sessions]
    unscheduled = planned - sum(s.jp for s in sessions)
    if unscheduled > 0:
        jps.append(SessionJp(UNSCHEDULED, unscheduled, False))
    return jps


def attendance_grid(batch: Batch, *, now: datetime | None = None) -> AttendanceGrid:
    """Participants × sessions with each participant's attendance by JP, in three queries."""
    now = now or timezone.now()
    sessions = list(batch.sessions.order_by("starts_at", "pk"))
    participants = list(participants_of(batch).filter(is_active=True))
    rows_of_marks = Attendance.objects.filter(session__batch=batch).values_list(
        "person_id", "session_id", "status"
    )
    marks = {(person_id, session_id): status for person_id, session_id, status in rows_of_marks}
    jps = _session_jps(sessions, now, planned_jp(batch))
    minimum = float(batch.programme.min_attendance)
    rows = []
    for enrolment in participants:
        person_id = enrolment.person_id
        cells = [
            marks.get((person_id, s.pk), AttendanceStatus.ABSENT if _held(s, now) else "")
            for s in sessions
        ]
        present = [
            s.pk for s in sessions if marks.get((person_id, s.pk)) == AttendanceStatus.PRESENT
        ]
        rows.append(GridRow(enrolment, cells, summarise(jps, present, minimum)))
    return AttendanceGrid(sessions, rows, minimum)


def timetable(
    batch: Batch, person: Any, *, now: datetime | None = None
) -> tuple[list[tuple[Session, str]], AttendanceSummary]:
    """A participant's sessions with their own status, and their attendance by JP."""
    now = now or timezone.now()
    sessions = list(batch.sessions.select_related("subject", "facilitator").order_by("starts_at"))
    mine = dict(
        Attendance.objects.filter(session__batch=batch, person=person).values_list(
            "session_id", "status"
        )
    )
    rows = [(s, mine.get(s.pk, AttendanceStatus.ABSENT if _held(s, now) else "")) for s in sessions]
    present = [pk for pk, status in mine.items() if status == AttendanceStatus.PRESENT]
    jps = _session_jps(sessions, now, planned_jp(batch))
    summary = summarise(jps, present, float(batch.programme.min_attendance))
    return rows, summary


def session_roster(session: Session, *, now: datetime | None = None) -> list[tuple[Enrolment, str]]:
    """Each active participant with their mark; before the session has ended, someone without a
    mark is "" (not checked in yet), not absent."""
    marks = dict(session.attendances.values_list("person_id", "status"))
    missing = AttendanceStatus.ABSENT if _held(session, now or timezone.now()) else ""
    return [
        (e, marks.get(e.person_id, missing))
        for e in participants_of(session.batch).filter(is_active=True)
    ]


@dataclass
class ParticipantOverview:
    """What a participant's home shows for one batch."""

    batch: Batch
    week: int | None  # week of the batch, 1-based; None before it starts
    this_week: list[Session]
    checkin_open: list[Session]
    summary: AttendanceSummary
    phases: list[Any]


def participant_overview(
    enrolments: list[Enrolment], *, now: datetime | None = None
) -> list[ParticipantOverview]:
    """For the home page: this week's sessions, open check-ins, attendance, phases."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overviews = []
    for enrolment in enrolments:
        batch = enrolment.batch
        if batch.is_closed:
            continue
        rows, summary = timetable(batch, enrolment.person_id, now=now)
        monday = today - timedelta(days=today.weekday())
        week_sessions = [
            s
            for s, _status in rows
            if monday <= timezone.localdate(s.starts_at) < monday + timedelta(days=7)
        ]
        overviews.append(
            ParticipantOverview(
                batch=batch,
                week=(today - batch.start_date).days // 7 + 1
                if today >= batch.start_date
                else None,
                this_week=week_sessions,
                checkin_open=[
                    s for s, status in rows if status != "present" and s.checkin_is_open(now)
                ],
                summary=summary,
                phases=list(batch.programme.phases.all()),
            )
        )
    return overviews
