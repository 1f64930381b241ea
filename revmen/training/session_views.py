"""Sessions, timetables (.ics), check-in and attendance corrections."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.accounts.models import Person
from revmen.core import ratelimits
from revmen.core.forms import add_validation_errors
from revmen.training import access

from . import selectors, sessions
from .forms import CheckinForm, CorrectionForm, RollCallForm, SessionDeleteForm, SessionForm
from .models import Batch, BatchRole, Enrolment, Session


def _get_batch_for_member(request: HttpRequest, code: str) -> tuple[Batch, bool]:
    """The batch for its organisers, staff and active participants; (batch, is_participant)."""
    person = person_of(request)
    batch = Batch.objects.select_related("programme__institute").filter(code=code).first()
    if batch is None:
        raise Http404
    is_participant = Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.PARTICIPANT, is_active=True
    ).exists()
    if not is_participant:
        batch = access.get_batch_for_user(request, code)
    return batch, is_participant


def _runs_sessions(person: Person, batch: Batch) -> bool:
    """Organisers of the batch and its facilitators run sessions (check-in, corrections)."""
    return (
        access.can_manage_batch(person, batch)
        or Enrolment.objects.filter(
            batch=batch, person=person, role=BatchRole.FACILITATOR, is_active=True
        ).exists()
    )


def _get_session_for_facilitator(request: HttpRequest, code: str, pk: int) -> Session:
    """Organisers of the batch and its facilitators run sessions; everyone else gets 404."""
    batch = access.get_batch_for_user(request, code)
    person = person_of(request)
    if not _runs_sessions(person, batch):
        raise Http404
    return get_object_or_404(Session.objects.select_related("batch__programme"), batch=batch, pk=pk)


def _get_session_for_organiser(request: HttpRequest, code: str, pk: int) -> Session:
    """Who schedules sessions (the batch's organisers) edits and deletes them; others get 404."""
    batch = access.get_batch_for_user(request, code, manage=True)
    return get_object_or_404(Session.objects.select_related("batch__programme"), batch=batch, pk=pk)


@login_required
def timetable(request: HttpRequest, code: str) -> HttpResponse:
    batch, is_participant = _get_batch_for_member(request, code)
    now = timezone.now()
    rows, summary = selectors.timetable(batch, request.user, now=now)
    return render(
        request,
        "training/timetable.html",
        {
            "batch": batch,
            "rows": rows,
            "summary": summary if is_participant else None,
            "is_participant": is_participant,
            "runs_sessions": _runs_sessions(person_of(request), batch),
            "can_manage": access.can_manage_batch(person_of(request), batch),
            # Open check-ins come first, so a phone shows them without scrolling sideways.
            "checkins": [s for s, status in rows if status != "present" and s.checkin_is_open(now)]
            if is_participant
            else [],
        },
    )


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@login_required
def timetable_ics(request: HttpRequest, code: str) -> HttpResponse:
    """The batch's sessions as an iCalendar file for any calendar application."""
    batch, _is_participant = _get_batch_for_member(request, code)
    stamp = _ics_time(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//revmen//training//ID"]
    for session in batch.sessions.select_related("facilitator").order_by("starts_at"):
        place = session.room or session.meeting_url
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@revmen",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(session.starts_at)}",
            f"DTEND:{_ics_time(session.ends_at)}",
            f"SUMMARY:{_ics_text(f'{session.title} ({batch.name})')}",
            f"LOCATION:{_ics_text(place)}",
            *([f"URL:{session.meeting_url}"] if session.meeting_url else []),
            f"DESCRIPTION:{_ics_text(f'{session.jp} JP')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{batch.code}.ics"'
    return response


@login_required
def session_create(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_user(request, code, manage=True)
    form = SessionForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.session_create(batch=batch, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("Session “%(title)s” scheduled.") % {"title": session.title}
            )
            return redirect("timetable", code=batch.code)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Schedule a session"), "batch": batch},
    )


@login_required
def session_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = _get_session_for_organiser(request, code, pk)
    form = SessionForm(request.POST or None, batch=session.batch, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_update(session=session, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Session “%(title)s” saved.") % {"title": session.title})
            return redirect("timetable", code=session.batch.code)
    return render(
        request,
        "training/session_edit.html",
        {"form": form, "title": _("Edit the session"), "batch": session.batch, "session": session},
    )


@login_required
def session_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A confirmation page; with attendance recorded, the box to delete it too must be ticked."""
    session = _get_session_for_organiser(request, code, pk)
    form = SessionDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_delete(session=session, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Session “%(title)s” deleted.") % {"title": session.title})
            return redirect("timetable", code=session.batch.code)
    return render(
        request,
        "training/session_delete.html",
        {
            "form": form,
            "batch": session.batch,
            "session": session,
            "attendances": session.attendances.count(),
        },
    )


@login_required
def session_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = _get_session_for_facilitator(request, code, pk)
    return _session_page(request, session)


def _session_page(
    request: HttpRequest, session: Session, roll_call: RollCallForm | None = None
) -> HttpResponse:
    now = timezone.now()
    roster = selectors.session_roster(session, now=now)
    return render(
        request,
        "training/session_detail.html",
        {
            "batch": session.batch,
            "session": session,
            "state": session.state(now),
            "started": session.starts_at <= now,
            "checkin_opens": session.checkin_window()[0],
            "roster": roster,
            "corrections": session.corrections.select_related("person", "corrected_by"),
            "checkin_open": session.checkin_is_open(now),
            "form": CorrectionForm(batch=session.batch),
            "roll_call": roll_call or RollCallForm(roster=roster, recorded=_recorded(session)),
            "can_manage": access.can_manage_batch(person_of(request), session.batch),
        },
    )


def _recorded(session: Session) -> dict[int, str]:
    return dict(session.attendances.values_list("person_id", "status"))


@login_required
@require_POST
def attendance_roll_call(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Everyone at once: the form starts with all present; only the changes are recorded."""
    session = _get_session_for_facilitator(request, code, pk)
    form = RollCallForm(
        request.POST, roster=selectors.session_roster(session), recorded=_recorded(session)
    )
    if form.is_valid():
        try:
            changed = sessions.attendance_roll_call(
                session=session,
                marks=form.marks(),
                by=person_of(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            n = len(changed)
            messages.success(
                request,
                ngettext("Roll call saved: %(n)s change.", "Roll call saved: %(n)s changes.", n)
                % {"n": n},
            )
            return redirect("session_detail", code=code, pk=session.pk)
    return _session_page(request, session, roll_call=form)


@login_required
@require_POST
def checkin_open(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = _get_session_for_facilitator(request, code, pk)
    if "close" in request.POST:
        sessions.checkin_close(session=session)
    else:
        try:
            sessions.checkin_open(session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("session_detail", code=code, pk=session.pk)


@login_required
@require_POST
def attendance_correct(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = _get_session_for_facilitator(request, code, pk)
    form = CorrectionForm(request.POST, batch=session.batch)
    if form.is_valid():
        try:
            sessions.attendance_correct(session=session, by=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance corrected."))
    else:
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
    return redirect("session_detail", code=code, pk=session.pk)


@login_required
@require_POST
@ratelimits.limit("CHECKIN_RATE_LIMIT", key="user")
def checkin(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    batch, is_participant = _get_batch_for_member(request, code)
    if not is_participant:
        raise Http404
    session = get_object_or_404(Session, batch=batch, pk=pk)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            sessions.checkin_submit(
                session=session,
                person=person_of(request),
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("You are checked in to %(title)s.") % {"title": session.title}
            )
    return redirect("timetable", code=batch.code)
