"""Agencies and unit trees, people, programmes, batches, enrolments, sessions, attendance."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Schema
from ninja.errors import HttpError

from revmen.accounts.models import Person, Unit
from revmen.core.spreadsheets import Row
from revmen.core.storable import all_storable
from revmen.training.imports import EnrolmentImportResult, enrol_rows
from revmen.training.models import Batch, Enrolment, Session
from revmen.training.selectors import session_roster

from . import schemas as s
from . import selectors
from .api import DEFAULT_LIMIT, MAX_LIMIT, api, get_one, get_page, page
from .auth import viewer_of
from .docs import ERRORS_WRITE, responses

ERR_BATCH_CLOSED = "The batch is closed: nobody can be enrolled any more."
ERR_UNSTORABLE = "Text with a NUL or a broken character cannot be stored."


class Paging(Schema):
    limit: int = s.Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = s.Field(0, ge=0, le=s.MAX_ID)


class AgencyFilter(Paging):
    kind: str | None = s.Field(None, max_length=16)


class PeopleFilter(Paging):
    updated_since: s.Moment | None = s.Field(
        None, description="Only people created or changed at or after this moment (ISO 8601)."
    )
    nip: str | None = s.Field(None, max_length=18)
    unit: s.Id | None = None


class BatchFilter(Paging):
    programme: str | None = s.Field(None, max_length=40)
    status: str | None = s.Field(None, pattern="^(planned|running|closed)$")


class EnrolmentFilter(Paging):
    role: str | None = s.Field(None, max_length=12)


def _agency_out(agency: Any) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "timezone": agency.timezone,
    }


def _unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "name": unit.name,
        "path": unit.path,
        "depth": unit.depth,
        "parent": unit.parent_id,
    }


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "nip": person.nip,
        "name": person.name,
        "email": person.email,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "pangkat_golongan": person.pangkat_golongan,
        "jabatan": person.jabatan,
        "agency": person.agency.code if person.agency else None,
        "unit": person.unit_id,
        "unit_path": person.unit.path if person.unit else None,
        "is_active": person.is_active,
        "updated_at": person.updated_at,  # type: ignore[attr-defined]
    }


def _batch_out(batch: Batch) -> dict[str, Any]:
    return {
        "code": batch.code,
        "name": batch.name,
        "programme": batch.programme.code,
        "start_date": batch.start_date,
        "end_date": batch.end_date,
        "mode": batch.mode,
        "capacity": batch.capacity,
        "status": batch.status(),
        "closed_at": batch.closed_at,
    }


def _enrolment_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "person": enrolment.person_id,
        "nip": enrolment.person.nip,
        "name": enrolment.person.name,
        "role": enrolment.role,
        "is_active": enrolment.is_active,
        "group": enrolment.group.name if enrolment.group else None,
        "created_at": enrolment.created_at,
    }


def _session_out(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "timezone": session.timezone,
        "jp": session.jp,
        "subject": session.subject.name if session.subject else None,
        "facilitator": session.facilitator_id,
        "room": session.room,
        "meeting_url": session.meeting_url,
    }


# Agencies -------------------------------------------------------------------------------------


@get_page("/agencies/", s.AgencyOut, "agencies", "agency_list")
def agency_list(request: HttpRequest, filters: Query[AgencyFilter]) -> Any:
    agencies = selectors.agencies_for(viewer_of(request))
    if filters.kind:
        agencies = agencies.filter(kind=filters.kind)
    return page(request, agencies, filters, _agency_out)


def _agency(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(selectors.agencies_for(viewer_of(request)), code=code.upper())


@get_one("/agencies/{code}/", s.AgencyOut, "agencies", "agency_detail")
def agency_detail(request: HttpRequest, code: str) -> Any:
    return _agency_out(_agency(request, code))


@get_page("/agencies/{code}/units/", s.UnitOut, "agencies", "unit_list", 404)
def unit_list(request: HttpRequest, code: str, paging: Query[Paging]) -> Any:
    agency = _agency(request, code)
    units = selectors.units_for(viewer_of(request), agency)
    return page(request, units, paging, _unit_out)


# People ---------------------------------------------------------------------------------------


@get_page("/people/", s.PersonOut, "people", "person_list")
def person_list(request: HttpRequest, filters: Query[PeopleFilter]) -> Any:
    people = selectors.people_for(viewer_of(request), updated_since=filters.updated_since)
    if filters.nip:
        people = people.filter(nip=filters.nip)
    if filters.unit:
        people = people.filter(unit_id=filters.unit)
    return page(request, people, filters, _person_out)


@get_one("/people/{id}/", s.PersonOut, "people", "person_detail")
def person_detail(request: HttpRequest, id: s.Id) -> Any:
    return _person_out(get_object_or_404(selectors.people_for(viewer_of(request)), pk=id))


# Programmes and batches -----------------------------------------------------------------------


@get_page("/programmes/", s.ProgrammeOut, "training", "programme_list")
def programme_list(request: HttpRequest, paging: Query[Paging]) -> Any:
    programmes = selectors.programmes_for(viewer_of(request))
    return page(request, programmes, paging, _programme_out)


def _programme_out(programme: Any) -> dict[str, Any]:
    return {
        "code": programme.code,
        "name": programme.name,
        "description": programme.description,
        "institute": programme.institute.code,
        "pass_mark": float(programme.pass_mark),
        "min_attendance": float(programme.min_attendance),
    }


@get_one("/programmes/{code}/", s.ProgrammeOut, "training", "programme_detail")
def programme_detail(request: HttpRequest, code: str) -> Any:
    programmes = selectors.programmes_for(viewer_of(request))
    return _programme_out(get_object_or_404(programmes, code=code.upper()))


@get_page("/batches/", s.BatchOut, "training", "batch_list")
def batch_list(request: HttpRequest, filters: Query[BatchFilter]) -> Any:
    batches = selectors.batches_for(viewer_of(request))
    if filters.programme:
        batches = batches.filter(programme__code=filters.programme.upper())
    rows: Any = batches
    if filters.status:
        rows = [b for b in batches if b.status() == filters.status]
    return page(request, rows, filters, _batch_out)


def _batch(request: HttpRequest, code: str) -> Batch:
    return get_object_or_404(selectors.batches_for(viewer_of(request)), code=code)


@get_one("/batches/{code}/", s.BatchOut, "training", "batch_detail")
def batch_detail(request: HttpRequest, code: str) -> Any:
    return _batch_out(_batch(request, code))


@get_page("/batches/{code}/enrolments/", s.EnrolmentOut, "training", "enrolment_list", 404)
def enrolment_list(request: HttpRequest, code: str, filters: Query[EnrolmentFilter]) -> Any:
    batch = _batch(request, code)
    enrolments = batch.enrolments.select_related("person", "group").order_by("role", "pk")
    if filters.role:
        enrolments = enrolments.filter(role=filters.role)
    return page(request, enrolments, filters, _enrolment_out)


@api.post(
    "/batches/{code}/enrolments/",
    response=responses(s.EnrolmentResult, *ERRORS_WRITE, 404, 409, ok=200),
    tags=["training"],
    operation_id="enrolment_create",
    url_name="api_enrolment_create",
    summary="Enrol participants by NIP",
)
def enrolment_create(request: HttpRequest, code: str, payload: s.EnrolmentBatchIn) -> Any:
    """Enrol participants by the enrolment rules: a known NIP is matched and its stored record
    never changed (differences come back as warnings naming the columns, never the stored
    values); someone already in the batch stays as they are, so the same call may be repeated.
    Rows count as in a spreadsheet: the first person is row 2. Bad rows: 422 and nothing
    written, unless ``only_valid``."""
    batch = _batch(request, code)
    if batch.closed_at is not None:
        raise HttpError(409, ERR_BATCH_CLOSED)
    cells = [person.dict() for person in payload.people]
    if not all(all_storable(row.values()) for row in cells):
        raise HttpError(422, ERR_UNSTORABLE)
    rows = [Row(number=index, cells=row) for index, row in enumerate(cells, start=2)]
    result = EnrolmentImportResult(rows=len(rows), dry_run=payload.dry_run)
    with transaction.atomic():
        # Viewer None: a matched person's stored values are never quoted to an API client.
        enrol_rows(
            rows, result, batch=batch, only_valid=payload.only_valid, dry_run=payload.dry_run
        )
    errors = [{"row": e.row, "column": e.column, "message": e.reason} for e in result.errors]
    if errors and not payload.only_valid:
        from .problems import problem

        return problem(422, "Some rows are not valid: nothing was enrolled.", errors=errors)
    return {
        **result.counts(),
        "written": result.written,
        "warnings": result.warnings,
        "errors": errors,
        "rows": [{k: v for k, v in row.items() if k != "name"} for row in result.valid],
    }


@get_page("/batches/{code}/sessions/", s.SessionOut, "training", "session_list", 404)
def session_list(request: HttpRequest, code: str, paging: Query[Paging]) -> Any:
    batch = _batch(request, code)
    sessions = batch.sessions.select_related("subject").order_by("starts_at", "pk")
    return page(request, sessions, paging, _session_out)


@get_page(
    "/batches/{code}/sessions/{id}/attendance/", s.AttendanceOut, "training", "attendance_list", 404
)
def attendance_list(request: HttpRequest, code: str, id: s.Id, paging: Query[Paging]) -> Any:
    """Each active participant with their mark, as on the roll call."""
    batch = _batch(request, code)
    session = batch.sessions.filter(pk=id).select_related("batch").first()
    if session is None:
        raise Http404
    roster = [
        {
            "person": e.person_id,
            "nip": e.person.nip,
            "name": e.person.name,
            "status": status,
        }
        for e, status in session_roster(session)
    ]
    return page(request, roster, paging)
