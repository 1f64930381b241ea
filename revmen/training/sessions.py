"""Writes for sessions and attendance: scheduling, check-in codes, corrections with a reason.

Kept apart from ``services.py`` (programmes, batches, staff) so that each stays short.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person

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

CHECKIN_MINUTES = 15
ERR_SESSION_TIMES = gettext_noop("A session must end after it starts.")
ERR_NOT_FACILITATOR = gettext_noop("{name} is not a facilitator of this batch.")
ERR_SUBJECT_OTHER_PROGRAMME = gettext_noop("This mata pelatihan belongs to another programme.")
ERR_PLACE = gettext_noop("Give an online meeting link or a room (or both).")
ERR_CHECKIN_CLOSED = gettext_noop("Check-in for this session is not open.")
ERR_CHECKIN_CODE = gettext_noop("This is not the check-in code of this session.")
ERR_NOT_PARTICIPANT = gettext_noop("Only participants of the batch check in.")
ERR_REASON = gettext_noop("Give a reason for the correction.")
ERR_NO_CHANGE = gettext_noop("The attendance already has this status.")


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
    if ends <= starts:
        raise ValidationError({"ends": _(ERR_SESSION_TIMES)})
    if not (meeting_url.strip() or room.strip()):
        raise ValidationError({"room": _(ERR_PLACE)})
    if subject is not None and subject.agenda.programme_id != batch.programme_id:
        raise ValidationError({"subject": _(ERR_SUBJECT_OTHER_PROGRAMME)})
    if facilitator is not None and not _is_facilitator(batch, facilitator):
        raise ValidationError({"facilitator": _(ERR_NOT_FACILITATOR).format(name=facilitator.name)})
    session = Session(
        batch=batch,
        title=" ".join(title.split()) or (subject.name if subject else ""),
        starts_at=local_moment(day, starts, zone),
        ends_at=local_moment(day, ends, zone),
        timezone=zone,
        jp=jp,
        subject=subject,
        facilitator=facilitator,
        meeting_url=meeting_url.strip(),
        room=room.strip(),
    )
    session.full_clean()
    session.save()
    return session


def _is_facilitator(batch: Batch, person: Person) -> bool:
    return Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.FACILITATOR, is_active=True
    ).exists()


@transaction.atomic
def checkin_open(
    *, session: Session, minutes: int = CHECKIN_MINUTES, now: datetime | None = None
) -> Session:
    """A fresh six-digit code, valid for ``minutes`` from now."""
    now = now or timezone.now()
    session.checkin_code = f"{secrets.randbelow(1_000_000):06d}"
    session.checkin_opens_at = now
    session.checkin_closes_at = now + timedelta(minutes=minutes)
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
    attendance = Attendance.objects.select_for_update().filter(session=session, person=person)
    current = attendance.first()
    old = current.status if current else AttendanceStatus.ABSENT
    if old == status:
        raise ValidationError({"status": _(ERR_NO_CHANGE)})
    if current is None:
        Attendance.objects.create(session=session, person=person, status=status)
    else:
        current.status = status
        current.save(update_fields=["status"])
    return AttendanceCorrection.objects.create(
        session=session,
        person=person,
        old_status=old,
        new_status=status,
        reason=reason.strip(),
        corrected_by=by,
    )
