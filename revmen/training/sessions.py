"""Writes for sessions and attendance: scheduling, check-in codes, corrections with a reason.

Kept apart from ``services.py`` (programmes, batches, staff) so that each stays short.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person
from revmen.core.audit import audit

from .models import (
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    Batch,
    BatchRole,
    Enrolment,
    Session,
    Subject,
)

ERR_SESSION_TIMES = gettext_noop("A session must end after it starts.")
ERR_NOT_FACILITATOR = gettext_noop("{name} is not a facilitator of this batch.")
ERR_SUBJECT_OTHER_PROGRAMME = gettext_noop("This mata pelatihan belongs to another programme.")
ERR_PLACE = gettext_noop("Give an online meeting link or a room (or both).")
ERR_CHECKIN_CLOSED = gettext_noop("Check-in for this session is not open.")
ERR_CHECKIN_CODE = gettext_noop("This is not the check-in code of this session.")
ERR_CHECKIN_NOT_YET = gettext_noop(
    "Check-in for this session opens at {opens}, {lead} minutes before it starts."
)
ERR_CHECKIN_OVER = gettext_noop("This session has ended: correct attendance with a roll call.")
ERR_ROLL_CALL_NOT_YET = gettext_noop("A roll call can be taken once the session has started.")
ROLL_CALL_REASON = gettext_noop("Roll call")
ERR_NOT_PARTICIPANT = gettext_noop("Only participants of the batch check in.")
ERR_REASON = gettext_noop("Give a reason for the correction.")
ERR_NO_CHANGE = gettext_noop("The attendance already has this status.")
ERR_SESSION_HAS_ATTENDANCE = gettext_noop(
    "Attendance has been recorded at this session (records: {n}). Deleting the session also "
    "deletes this attendance and its corrections: tick the box to confirm."
)
ERR_OUTSIDE_BATCH = gettext_noop("A session must fall within the batch's dates: {start} to {end}.")


def local_moment(day: date, at: time, zone: str) -> datetime:
    """A wall-clock time in WIB, WITA or WIT as an aware moment."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


@transaction.atomic
def session_create(
    *,
    batch: Batch,
    title: str,
    day: date,
    starts: time,
    ends: time,
    zone: str,
    jp: int,
    subject: Subject | None = None,
    facilitator: Person | None = None,
    meeting_url: str = "",
    room: str = "",
) -> Session:
    if facilitator is not None:
        _check_facilitator(batch, facilitator)
    session = Session(batch=batch)
    return _session_save(
        session, title, day, starts, ends, zone, jp, subject, facilitator, meeting_url, room
    )


@transaction.atomic
def session_update(
    *,
    session: Session,
    title: str,
    day: date,
    starts: time,
    ends: time,
    zone: str,
    jp: int,
    subject: Subject | None = None,
    facilitator: Person | None = None,
    meeting_url: str = "",
    room: str = "",
) -> Session:
    """Change a session in place: its attendance, corrections and check-in code stay with it.

    A facilitator who has since left the batch may stay on the sessions they were given; only
    a newly chosen one must be a facilitator of the batch.
    """
    if facilitator is not None and facilitator.pk != session.facilitator_id:
        _check_facilitator(session.batch, facilitator)
    return _session_save(
        session, title, day, starts, ends, zone, jp, subject, facilitator, meeting_url, room
    )


def _session_save(
    session: Session,
    title: str,
    day: date,
    starts: time,
    ends: time,
    zone: str,
    jp: int,
    subject: Subject | None,
    facilitator: Person | None,
    meeting_url: str,
    room: str,
) -> Session:
    if ends <= starts:
        raise ValidationError({"ends": _(ERR_SESSION_TIMES)})
    _check_within_batch(session.batch, day)
    if not (meeting_url.strip() or room.strip()):
        raise ValidationError({"room": _(ERR_PLACE)})
    if subject is not None and subject.agenda.programme_id != session.batch.programme_id:
        raise ValidationError({"subject": _(ERR_SUBJECT_OTHER_PROGRAMME)})
    session.title = " ".join(title.split()) or (subject.name if subject else "")
    session.starts_at = local_moment(day, starts, zone)
    session.ends_at = local_moment(day, ends, zone)
    session.timezone, session.jp = zone, jp
    session.subject, session.facilitator = subject, facilitator
    session.meeting_url, session.room = meeting_url.strip(), room.strip()
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: Session, confirm: bool = False) -> None:
    """Delete a session. With attendance recorded it is refused unless ``confirm`` is given,
    and then the attendance and its corrections go with it.

    The session row is locked first: on PostgreSQL a check-in committing at the same moment
    needs a key-share lock on it, so it is either counted here or fails; never lost unseen.
    """
    Session.objects.select_for_update().filter(pk=session.pk).first()
    n = session.attendances.count()
    if n and not confirm:
        raise ValidationError({"confirm": _(ERR_SESSION_HAS_ATTENDANCE).format(n=n)})
    session.delete()


def _check_within_batch(batch: Batch, day: date) -> None:
    """The day is the session's date in its own zone, as the organiser entered it; the batch's
    first and last days belong to it."""
    if not batch.start_date <= day <= batch.end_date:
        start, end = (
            formats.date_format(d, "DATE_FORMAT") for d in (batch.start_date, batch.end_date)
        )
        raise ValidationError({"day": _(ERR_OUTSIDE_BATCH).format(start=start, end=end)})


def _check_facilitator(batch: Batch, person: Person) -> None:
    is_facilitator = Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.FACILITATOR, is_active=True
    ).exists()
    if not is_facilitator:
        raise ValidationError({"facilitator": _(ERR_NOT_FACILITATOR).format(name=person.name)})


@transaction.atomic
def checkin_open(*, session: Session, now: datetime | None = None) -> Session:
    """A fresh six-digit code, valid from now until the session ends; only inside the check-in
    window (the batch's lead time before the start until the end)."""
    now = now or timezone.now()
    opens, closes = session.checkin_window()
    if now < opens:
        when = formats.time_format(timezone.localtime(opens, ZoneInfo(session.timezone)), "H.i")
        lead = session.batch.checkin_lead_minutes
        raise ValidationError({"code": _(ERR_CHECKIN_NOT_YET).format(opens=when, lead=lead)})
    if now >= closes:
        raise ValidationError({"code": _(ERR_CHECKIN_OVER)})
    session.checkin_code = f"{secrets.randbelow(1_000_000):06d}"
    session.checkin_opens_at = now
    session.checkin_closes_at = closes
    session.save(update_fields=["checkin_code", "checkin_opens_at", "checkin_closes_at"])
    return session


@transaction.atomic
def checkin_close(*, session: Session, now: datetime | None = None) -> Session:
    session.checkin_closes_at = now or timezone.now()
    session.save(update_fields=["checkin_closes_at"])
    return session


@transaction.atomic
def checkin_submit(
    *, session: Session, person: Person, code: str, now: datetime | None = None
) -> Attendance:
    """A participant checks in with the code during the window; checking in twice is harmless."""
    now = now or timezone.now()
    is_participant = Enrolment.objects.filter(
        batch_id=session.batch_id, person=person, role=BatchRole.PARTICIPANT, is_active=True
    ).exists()
    if not is_participant:
        raise ValidationError({"code": _(ERR_NOT_PARTICIPANT)})
    if not session.checkin_is_open(now):
        raise ValidationError({"code": _(ERR_CHECKIN_CLOSED)})
    if "".join(code.split()) != session.checkin_code:
        raise ValidationError({"code": _(ERR_CHECKIN_CODE)})
    attendance, _created = Attendance.objects.get_or_create(
        session=session,
        person=person,
        defaults={"status": AttendanceStatus.PRESENT, "checked_in_at": now},
    )
    return attendance


@transaction.atomic
def attendance_correct(
    *, session: Session, person: Person, status: str, reason: str, by: Person
) -> AttendanceCorrection:
    """Set someone's attendance by hand; the old and new status and the reason are kept."""
    if not reason.strip():
        raise ValidationError({"reason": _(ERR_REASON)})
    return _set_attendance(session, person, status, reason.strip(), by)


@transaction.atomic
def attendance_roll_call(
    *,
    session: Session,
    marks: dict[int, str],
    by: Person,
    reason: str = "",
    now: datetime | None = None,
) -> list[AttendanceCorrection]:
    """A roll call: everyone's status at once (the form starts with all present), kept as one
    correction per change, with the same trail as a single correction. All or nothing."""
    if session.starts_at > (now or timezone.now()):
        raise ValidationError({"__all__": _(ERR_ROLL_CALL_NOT_YET)})
    participants = set(
        Enrolment.objects.filter(
            batch_id=session.batch_id, role=BatchRole.PARTICIPANT, is_active=True
        ).values_list("person_id", flat=True)
    )
    if not set(marks) <= participants:
        raise ValidationError({"__all__": _(ERR_NOT_PARTICIPANT)})
    current = dict(session.attendances.values_list("person_id", "status"))
    note = reason.strip() or _(ROLL_CALL_REASON)
    people = Person.objects.in_bulk([pk for pk in marks])
    return [
        _set_attendance(session, people[pk], status, note, by)
        for pk, status in sorted(marks.items())
        if current.get(pk, AttendanceStatus.ABSENT) != status
    ]


def _set_attendance(
    session: Session, person: Person, status: str, reason: str, by: Person
) -> AttendanceCorrection:
    attendance = Attendance.objects.select_for_update().filter(session=session, person=person)
    current = attendance.first()
    old = current.status if current else AttendanceStatus.ABSENT
    if old == status:
        raise ValidationError({"status": _(ERR_NO_CHANGE)})
    if current is None:
        current = Attendance.objects.create(session=session, person=person, status=status)
    else:
        current.status = status
        current.save(update_fields=["status"])
    audit(
        by,
        "training.attendance.correct",
        current,
        before={"status": old},
        after={"status": status, "person": person.pk, "session": session.pk},
        note=reason,
    )
    return AttendanceCorrection.objects.create(
        session=session,
        person=person,
        old_status=old,
        new_status=status,
        reason=reason,
        corrected_by=by,
    )
