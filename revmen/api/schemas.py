"""What the API answers with: plain pydantic schemas, one per resource, and the one page."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, StrictBool, create_model

# Ids and limits that PostgreSQL's integer columns can hold (a bigger id is a 422, not a 500).
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_only(value: Any) -> Any:
    """A moment in ISO 8601 only: pydantic alone would also read "0.5" as a Unix time."""
    if isinstance(value, str) and not _ISO_MOMENT.match(value):
        raise ValueError("not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][+zone])")
    return value


Moment = Annotated[datetime, BeforeValidator(_iso_only)]


class Out(BaseModel):
    """What the API answers with: a plain pydantic model, validated from the dicts the
    operations build (pydantic's core, without ninja's per-attribute getter for ORM objects)."""


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = Field(..., examples=["/api/docs/#problem-404"])
    title: str = Field(..., examples=["Not Found"])
    status: int = Field(..., examples=[404])
    detail: str = Field(..., examples=["Not found."])
    errors: list[dict[str, Any]] | None = Field(
        None, description="Per field (``field``, ``message``) or per row (``row``, ``column``)."
    )


def page_of(item: type[Out]) -> type[Out]:
    """The one pagination envelope: ``{"count", "next", "previous", "results"}``."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Out,
        count=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[item], ...),  # type: ignore[valid-type]
    )


class AgencyOut(Out):
    code: str
    name: str
    kind: str
    timezone: str


class UnitOut(Out):
    id: int
    name: str
    path: str = Field(..., description="Names below the root joined by '/'; '' for the root.")
    depth: int
    parent: int | None


class PersonOut(Out):
    id: int
    nip: str | None
    name: str
    email: str
    birth_date: date | None
    sex: str
    pangkat_golongan: str
    jabatan: str
    agency: str | None = Field(..., description="The agency's code.")
    unit: int | None
    unit_path: str | None
    is_active: bool
    updated_at: datetime = Field(
        ..., description="When the record was created or last changed (the audit trail)."
    )


class ProgrammeOut(Out):
    code: str
    name: str
    description: str
    institute: str
    pass_mark: float
    min_attendance: float


class BatchOut(Out):
    code: str
    name: str
    programme: str
    start_date: date
    end_date: date
    mode: str
    capacity: int | None
    status: str = Field(..., description="planned, running or closed")
    closed_at: datetime | None


class EnrolmentOut(Out):
    id: int
    person: int
    nip: str | None
    name: str
    role: str
    is_active: bool
    group: str | None
    created_at: datetime


class EnrolmentIn(Schema):
    """One participant, as in the enrolment spreadsheet's columns."""

    nip: str = Field(..., max_length=40, examples=["199001012015032001"])
    nama: str = Field(..., max_length=200, examples=["Ani Peserta"])
    instansi: str = Field(..., max_length=200, examples=["PEMPROV-A"])
    email: str = Field("", max_length=254)
    unit: str = Field("", max_length=1000, description="Unit path below the agency; '' = root.")
    jabatan: str = Field("", max_length=200)
    pangkat_golongan: str = Field("", max_length=60)


class EnrolmentBatchIn(Schema):
    people: list[EnrolmentIn] = Field(..., min_length=1, max_length=1000)
    only_valid: StrictBool = Field(
        False, description="Enrol the valid rows even when others are bad."
    )
    dry_run: StrictBool = Field(False, description="Check only, write nothing.")


class EnrolmentRow(Out):
    row: int
    nip: str
    status: str = Field(..., description="new, matched or already")


class EnrolmentResult(Out):
    written: bool
    created: int
    matched: int
    already: int
    enrolled: int
    warnings: list[str] = Field(
        ..., description="A known NIP is never changed: its differences name columns only."
    )
    errors: list[dict[str, Any]]
    rows: list[EnrolmentRow]


class SessionOut(Out):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    jp: int
    subject: str | None
    facilitator: int | None
    room: str
    meeting_url: str


class AttendanceOut(Out):
    person: int
    nip: str | None
    name: str
    status: str = Field(..., description="present, late, excused, absent, or '' before the end")


class AdministrationOut(Out):
    id: int
    title: str
    purpose: str
    audience: str
    subject: str
    identity: str
    instrument: str
    version: int
    batch: str | None
    agency: str | None
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    responses: int
    invited: int


class ResultOutcome(Out):
    """The grade as on the organiser's grading board."""

    outcome: str = Field(..., description="lulus, ditunda or tidak_lulus (training.Outcome)")
    final_score: float | None
    predicate: str | None
    attendance: float = Field(..., description="Percent of the batch's JP attended.")
    released: bool = Field(..., description="Whether the batch's grades are released yet.")


class ResultCertificate(Out):
    """As ``revmen certificates list --json`` shows it."""

    number: str
    kind: str
    status: str
    nip: str | None
    name: str
    outcome: str
    predicate: str | None
    verify_url: str


class ResultOut(Out):
    person: int
    nip: str | None
    name: str
    submitted_on: date
    scores: dict[str, float | None] = Field(
        ..., description="Per scale code: the scale score; KNOWLEDGE: percent correct."
    )
    outcome: ResultOutcome | None = Field(
        None, description="The person's grade in the batch (grading); null before grading."
    )
    certificate: ResultCertificate | None = Field(
        None, description="The person's valid certificate (STTPP) of the batch, if any."
    )


class WaveOut(Out):
    id: int
    name: str
    agency: str
    opens_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    is_closed: bool
    min_group_size: int
    min_comment_group: int


class ReportScores(Out):
    index: float | None
    category: str | None
    dimensions: dict[str, float | None]


class ReportUnit(Out):
    unit: int
    name: str
    path: str
    depth: int
    n: int
    shown: bool
    reason: str = Field(..., description="Why hidden: below_k, differencing, or ''.")
    scores: ReportScores | None = Field(None, description="Only where the page shows them.")
    trend: float | None = None


class ReportCutRow(Out):
    label: str
    n: int
    shown: bool
    scores: ReportScores | None = None


class ReportCut(Out):
    code: str
    question: str
    unanswered: int
    rows: list[ReportCutRow]


class ReportDriver(Out):
    dimension: str
    r: float | None
    p: float | None
    n: int


class WaveReportOut(Out):
    wave: int
    min_group_size: int
    scoped_to: int | None = Field(..., description="The unit a head of unit's report starts at.")
    dimensions: dict[str, str]
    units: list[ReportUnit]
    cuts: list[ReportCut]
    drivers: list[ReportDriver]
    comments: list[str]
