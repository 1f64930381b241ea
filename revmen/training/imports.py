"""Enrol participants into a batch from a spreadsheet exported by an HR system.

Columns ``nip``, ``nama``, ``email``, ``instansi`` (an agency's code or exact name), ``unit`` (unit
path below the agency root; blank = the agency itself), ``jabatan``, ``pangkat_golongan``.

Every row is checked first; nothing is written unless the whole file is clean, or the caller
asks for the valid rows only. Existing people are matched by NIP and never changed (differences
become warnings); people already in the batch are left as they are, so the same file can be
uploaded twice. New people get an unusable password and an invitation.

A NIP must not be a way to look a stranger up: the warnings and errors quote a stored name,
unit or e-mail only to a ``viewer`` who may already see that person
(``accounts.access.people_visible_to``); to anyone else (and without a viewer, as on the
command line) they say "a known person" and name the columns of the file that differ.

Writing uses ``bulk_create``: 10,000 participants must import in seconds on one server, and the
checks that ``person_create`` would make one row at a time are made here for the whole file.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.access import people_visible_to
from revmen.accounts.invitations import invitation_send
from revmen.accounts.models import Agency, Person, Unit
from revmen.accounts.services import nip_message
from revmen.asn.nip import InvalidNip, NipInfo, normalize_nip, parse_nip
from revmen.asn.unitpath import InvalidPath, join_path, split_path
from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import Row, RowError, read_sheet

from .models import Batch, BatchRole, Enrolment

COLUMNS = ["nip", "nama", "email", "instansi", "unit", "jabatan", "pangkat_golongan"]
REQUIRED = ["nip", "nama", "instansi"]
CHUNK = 500

ERR_EMPTY = gettext_noop("is empty")
ERR_NIP_NUMBER = gettext_noop(
    "Excel stored this NIP as a number ({value}), which keeps only 15 digits: format the column "
    "as text and type the NIP again"
)
ERR_NIP_DUPLICATE = gettext_noop("NIP {nip} is already in row {row}")
ERR_EMAIL = gettext_noop("“{value}” is not an e-mail address")
ERR_AGENCY_UNKNOWN = gettext_noop("unknown agency “{value}”: give its code or its exact name")
ERR_AGENCY_AMBIGUOUS = gettext_noop("several agencies are named “{value}”: give the code")
ERR_UNIT_UNKNOWN = gettext_noop("unknown unit “{value}” in {agency}")
ERR_TOO_LONG = gettext_noop("is longer than {n} characters")
ERR_OTHER_ROLE = gettext_noop("{name} is already {role} in this batch")
ERR_OTHER_ROLE_KNOWN = gettext_noop("this NIP is already {role} in this batch")
WARN_DIFFERS = gettext_noop(
    "row {row}: NIP {nip} is {name} already; the stored record is kept ({differences})"
)
WARN_DIFFERS_KNOWN = gettext_noop(
    "row {row}: NIP {nip} is a known person; the stored record is kept "
    "(the file differs in: {columns})"
)
WARN_CAPACITY = gettext_noop(
    "The batch will have {n} participants, more than its capacity of {capacity}."
)
NOTE_EXTRA = gettext_noop("Ignored column(s): {columns}")
LIMITS = {"nama": 200, "jabatan": 200, "pangkat_golongan": 60, "email": 254}


@dataclass
class PlannedRow:
    row: int
    info: NipInfo
    name: str
    email: str
    agency: Agency
    unit: Unit
    jabatan: str
    pangkat_golongan: str
    person: Person | None = None  # an existing person matched by NIP
    already: bool = False  # already a participant of the batch
    username: str = ""

    @property
    def nip(self) -> str:
        return self.info.nip


@dataclass
class EnrolmentImportResult(ImportResult):
    created: int = 0
    matched: int = 0
    already: int = 0
    # The valid rows as the file gives them (never a stored value): what confirming enrols.
    valid: list[dict[str, Any]] = field(default_factory=list)
    # After writing: new people invited by e-mail, and the names of those without an address.
    invited: int = 0
    no_email: list[str] = field(default_factory=list)

    def extra(self) -> dict[str, Any]:
        return {"valid": self.valid, "invited": self.invited, "no_email": self.no_email}

    @property
    def enrolled(self) -> int:
        """Rows of the file whose person is (or would be) a participant of the batch."""
        return self.created + self.matched + self.already

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "matched": self.matched,
            "already": self.already,
            "enrolled": self.enrolled,
        }

    def line(self) -> str:
        """``enrolled N (created C, matched M, already A)``, after a dry run ``would have …``."""
        line = (
            f"enrolled {self.enrolled} "
            f"(created {self.created}, matched {self.matched}, already {self.already})"
        )
        if self.dry_run:
            line = f"dry run, nothing written: would have {line}"
        return line

    def message(self) -> str:
        counts = {"n": self.enrolled, "c": self.created, "m": self.matched, "a": self.already}
        if self.written:
            message = _("Enrolled %(n)s: %(c)s new people, %(m)s matched, %(a)s already in.")
        else:
            message = _("Ready to enrol %(n)s: %(c)s new people, %(m)s matched, %(a)s already in.")
        return message % counts


Progress = Callable[[int, int], None]


class _Checker:
    """Checks rows one by one against what the database and earlier rows already hold."""

    def __init__(
        self,
        batch: Batch,
        result: EnrolmentImportResult,
        today: Any = None,
        viewer: Person | None = None,
    ) -> None:
        self.batch = batch
        self.result = result
        self.today = today
        self.viewer = viewer
        self.by_code = {a.code: a for a in Agency.objects.all()}
        self.by_name: dict[str, list[Agency]] = {}
        for agency in self.by_code.values():
            self.by_name.setdefault(" ".join(agency.name.split()), []).append(agency)
        self.units: dict[tuple[int, str], Unit] = {}
        self.loaded_units: set[int] = set()
        self.seen: dict[str, int] = {}

    def prefetch(self, rows: list[Row]) -> None:
        """Load, in a few queries, the people of the file and their roles in this batch."""
        nips = [
            normalize_nip(row.text("nip")) for row in rows if isinstance(row.cells.get("nip"), str)
        ]
        self.people: dict[str, Person] = {}
        for start in range(0, len(nips), CHUNK):
            chunk = nips[start : start + CHUNK]
            for person in Person.objects.filter(nip__in=chunk).select_related("agency", "unit"):
                self.people[person.nip] = person  # type: ignore[index]
        self.visible = self._visible([person.pk for person in self.people.values()])
        self.roles: dict[int, set[str]] = {}
        for person_id, role in Enrolment.objects.filter(batch=self.batch).values_list(
            "person_id", "role"
        ):
            self.roles.setdefault(person_id, set()).add(role)
        self.usernames = set(
            Person.objects.filter(username__in=nips).values_list("username", flat=True)
        )

    def _visible(self, ids: list[int]) -> set[int]:
        """The matched people whose stored record the viewer may already see."""
        if self.viewer is None:
            return set()
        visible: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            visible.update(
                people_visible_to(self.viewer)
                .filter(pk__in=ids[start : start + CHUNK])
                .values_list("pk", flat=True)
            )
        return visible

    def check(self, row: Row) -> PlannedRow | None:
        errors: list[RowError] = []

        def fail(column: str, reason: str) -> None:
            errors.append(RowError(row.number, column, reason))

        info = self._nip(row, fail)
        name = row.text("nama")
        if not name:
            fail("nama", _(ERR_EMPTY))
        email = row.text("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _(ERR_EMAIL).format(value=email))
        for column, limit in LIMITS.items():
            if len(row.text(column)) > limit:
                fail(column, _(ERR_TOO_LONG).format(n=limit))
        agency = self._agency(row, fail)
        unit = self._unit(row, agency, fail) if agency else None
        if errors:
            self.result.errors.extend(errors)
            return None
        assert info and agency and unit
        plan = PlannedRow(
            row.number,
            info,
            name,
            email,
            agency,
            unit,
            row.text("jabatan"),
            row.text("pangkat_golongan"),
        )
        return self._match(plan)

    def _nip(self, row: Row, fail: Callable[[str, str], None]) -> NipInfo | None:
        raw = row.cells.get("nip")
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            fail("nip", _(ERR_NIP_NUMBER).format(value=row.text("nip")))
            return None
        text = row.text("nip")
        if not text:
            fail("nip", _(ERR_EMPTY))
            return None
        try:
            info = parse_nip(text, today=self.today)
        except InvalidNip as error:
            fail("nip", nip_message(error))
            return None
        first = self.seen.setdefault(info.nip, row.number)
        if first != row.number:
            fail("nip", _(ERR_NIP_DUPLICATE).format(nip=info.nip, row=first))
            return None
        return info

    def _agency(self, row: Row, fail: Callable[[str, str], None]) -> Agency | None:
        value = row.text("instansi")
        if not value:
            fail("instansi", _(ERR_EMPTY))
            return None
        agency = self.by_code.get(value.upper())
        if agency is not None:
            return agency
        named = self.by_name.get(value, [])
        if len(named) > 1:
            fail("instansi", _(ERR_AGENCY_AMBIGUOUS).format(value=value))
            return None
        if not named:
            fail("instansi", _(ERR_AGENCY_UNKNOWN).format(value=value))
            return None
        return named[0]

    def _unit(self, row: Row, agency: Agency, fail: Callable[[str, str], None]) -> Unit | None:
        if agency.pk not in self.loaded_units:
            for loaded in Unit.objects.filter(agency=agency):
                self.units[(agency.pk, loaded.path)] = loaded
            self.loaded_units.add(agency.pk)
        value = row.text("unit")
        try:
            path = join_path(split_path(value))
        except InvalidPath as error:
            fail("unit", str(error))
            return None
        unit = self.units.get((agency.pk, path))
        if unit is None:
            fail("unit", _(ERR_UNIT_UNKNOWN).format(value=value, agency=agency.code))
        return unit

    def _match(self, plan: PlannedRow) -> PlannedRow | None:
        person = self.people.get(plan.nip)
        if person is None:
            # A username is the NIP, unless an old NIP of someone else still holds it.
            taken = plan.nip in self.usernames
            plan.username = "u-" + secrets.token_hex(6) if taken else plan.nip
            return plan
        roles = self.roles.get(person.pk, set())
        other = roles - {BatchRole.PARTICIPANT}
        known = person.pk in self.visible
        if other:
            role = str(BatchRole(sorted(other)[0]).label)
            reason = (
                _(ERR_OTHER_ROLE).format(name=person.name, role=role)
                if known
                else _(ERR_OTHER_ROLE_KNOWN).format(role=role)
            )
            self.result.errors.append(RowError(plan.row, "nip", reason))
            return None
        plan.person = person
        plan.already = BatchRole.PARTICIPANT in roles
        warning = _differences_warning(plan, person, known=known)
        if warning:
            self.result.warnings.append(warning)
        return plan


def _differences_warning(plan: PlannedRow, person: Person, *, known: bool) -> str:
    """With the stored values for a viewer who may see the person, else only the columns."""
    if not known:
        columns = _differing_columns(plan, person)
        if not columns:
            return ""
        return _(WARN_DIFFERS_KNOWN).format(row=plan.row, nip=plan.nip, columns=", ".join(columns))
    differences = _differences(plan, person)
    if not differences:
        return ""
    return _(WARN_DIFFERS).format(
        row=plan.row, nip=plan.nip, name=f"“{person.name}”", differences="; ".join(differences)
    )


def _name_differs(plan: PlannedRow, person: Person) -> bool:
    return plan.name.casefold() != " ".join(person.name.split()).casefold()


def _email_differs(plan: PlannedRow, person: Person) -> bool:
    return bool(plan.email) and plan.email.casefold() != person.email.casefold()


def _differing_columns(plan: PlannedRow, person: Person) -> list[str]:
    """The file's columns that differ from the stored record, by their header: no values."""
    found = []
    if _name_differs(plan, person):
        found.append("nama")
    if plan.agency.pk != person.agency_id:
        found.append("instansi")
    if plan.unit.pk != person.unit_id:
        found.append("unit")
    if _email_differs(plan, person):
        found.append("email")
    return found


def _differences(plan: PlannedRow, person: Person) -> list[str]:
    """The differences with the stored values, for a viewer who may see the person."""
    found = []
    if _name_differs(plan, person):
        found.append(_("name in the file: “%(v)s”") % {"v": plan.name})
    if plan.unit.pk != person.unit_id:
        stored = _unit_label(person.agency, person.unit)
        found.append(
            _("unit in the file: %(v)s, stored: %(s)s")
            % {"v": _unit_label(plan.agency, plan.unit), "s": stored}
        )
    if _email_differs(plan, person):
        found.append(
            _("e-mail in the file: %(v)s, stored: %(s)s")
            % {"v": plan.email, "s": person.email or "—"}
        )
    return found


def _unit_label(agency: Agency | None, unit: Unit | None) -> str:
    if agency is None:
        return "—"
    if unit is None or not unit.path:
        return agency.code
    return f"{agency.code} / {unit.path}"


def plan_enrolment_import(
    batch: Batch,
    rows: list[Row],
    result: EnrolmentImportResult,
    *,
    progress: Progress | None = None,
    total: int | None = None,
    today: Any = None,
    viewer: Person | None = None,
) -> list[PlannedRow]:
    """Check every row; nothing is written. Stored values are quoted only to ``viewer``."""
    checker = _Checker(batch, result, today=today, viewer=viewer)
    checker.prefetch(rows)
    planned: list[PlannedRow] = []
    for index, row in enumerate(rows, start=1):
        plan = checker.check(row)
        if plan is not None:
            planned.append(plan)
        if progress and (index % CHUNK == 0 or index == len(rows)):
            progress(index, total or len(rows))
    return planned


def import_enrolments(
    filename: str,
    content: bytes,
    *,
    batch: Batch,
    only_valid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: Any = None,
    viewer: Person | None = None,
) -> EnrolmentImportResult:
    """Check the file, then (if clean, or if ``only_valid``) enrol it in one transaction.

    The messages quote a matched person's stored record only if ``viewer`` may see them.
    Raises :class:`revmen.core.spreadsheets.SpreadsheetError` when the file cannot be read.
    """
    sheet = read_sheet(filename, content, required=REQUIRED, optional=COLUMNS)
    result = EnrolmentImportResult(rows=len(sheet.rows), dry_run=dry_run)
    if sheet.extra_columns:
        result.notes.append(_(NOTE_EXTRA).format(columns=", ".join(sheet.extra_columns)))
    return enrol_rows(
        sheet.rows,
        result,
        batch=batch,
        only_valid=only_valid,
        dry_run=dry_run,
        progress=progress,
        today=today,
        viewer=viewer,
    )


def enrol_rows(
    rows: list[Row],
    result: EnrolmentImportResult,
    *,
    batch: Batch,
    only_valid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: Any = None,
    viewer: Person | None = None,
) -> EnrolmentImportResult:
    """The rows of a file already read (or of an API call): the same checks, matching and
    writing as ``import_enrolments``."""
    steps = len(rows) * (1 if dry_run else 2)
    planned = plan_enrolment_import(
        batch, rows, result, progress=progress, total=steps, today=today, viewer=viewer
    )
    _count(planned, result)
    _capacity_warning(batch, planned, result)
    result.valid = [_valid_row(plan) for plan in planned[: settings.IMPORT_ERRORS_SHOWN]]
    if (result.errors and not only_valid) or dry_run:
        return result
    result.skipped_rows = result.rows - len(planned)
    created = enrol_planned(batch=batch, planned=planned, progress=progress, offset=len(rows))
    result.invited = sum(1 for person in created if person.email)
    result.no_email = sorted(person.name for person in created if not person.email)
    result.written = True
    return result


def _valid_row(plan: PlannedRow) -> dict[str, Any]:
    """A row of the preview, from the file alone: its number, NIP, name and what happens."""
    status = "already" if plan.already else "matched" if plan.person is not None else "new"
    return {"row": plan.row, "nip": plan.nip, "name": plan.name, "status": status}


def _count(planned: list[PlannedRow], result: EnrolmentImportResult) -> None:
    result.created = sum(1 for p in planned if p.person is None)
    result.matched = sum(1 for p in planned if p.person is not None and not p.already)
    result.already = sum(1 for p in planned if p.already)


def _capacity_warning(
    batch: Batch, planned: list[PlannedRow], result: EnrolmentImportResult
) -> None:
    if batch.capacity is None:
        return
    current = batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True).count()
    total = current + result.created + result.matched
    if total > batch.capacity:
        result.warnings.insert(0, _(WARN_CAPACITY).format(n=total, capacity=batch.capacity))


@transaction.atomic
def enrol_planned(
    *,
    batch: Batch,
    planned: list[PlannedRow],
    progress: Progress | None = None,
    offset: int = 0,
) -> list[Person]:
    """Create the new people and the missing enrolments; return the people created.

    Invitations are queued once the transaction commits, so a failure sends nobody anything.
    """
    steps = offset + len(planned)
    created: list[Person] = []
    for start in range(0, len(planned), CHUNK):
        chunk = planned[start : start + CHUNK]
        new = [plan for plan in chunk if plan.person is None]
        people = Person.objects.bulk_create([_new_person(plan) for plan in new])
        for plan, person in zip(new, people, strict=True):
            plan.person = person
        created.extend(people)
        if any(person.pk is None for person in people):  # backends without RETURNING
            by_nip = Person.objects.filter(nip__in=[p.nip for p in people]).in_bulk(
                field_name="nip"
            )
            for plan in new:
                plan.person = by_nip[plan.nip]
        Enrolment.objects.bulk_create(
            [
                Enrolment(batch=batch, person=plan.person, role=BatchRole.PARTICIPANT)
                for plan in chunk
                if not plan.already
            ]
        )
        if progress:
            progress(offset + start + len(chunk), steps)
    transaction.on_commit(lambda: _invite(created))
    return created


def _new_person(plan: PlannedRow) -> Person:
    info = plan.info
    return Person(
        username=plan.username or plan.nip,
        nip=plan.nip,
        is_pppk=info.is_pppk,
        birth_date=info.birth_date,
        sex=info.sex,
        name=plan.name,
        email=plan.email,
        agency=plan.agency,
        unit=plan.unit,
        jabatan=plan.jabatan,
        pangkat_golongan=plan.pangkat_golongan,
        password=make_password(None),
    )


def _invite(people: Iterable[Person]) -> None:
    for person in people:
        invitation_send(person=person)


def import_enrolments_job(
    filename: str,
    content: bytes,
    *,
    batch_id: int,
    only_valid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    language: str | None = None,
    viewer_id: int | None = None,
) -> EnrolmentImportResult:
    """The background-job form: the batch and the uploader arrive as ids (job options are
    JSON), and the messages are written in the uploader's language, for the uploader's eyes."""
    batch = Batch.objects.get(pk=batch_id)
    viewer = Person.objects.filter(pk=viewer_id).first() if viewer_id else None
    with translation.override(language):
        return import_enrolments(
            filename,
            content,
            batch=batch,
            only_valid=only_valid,
            dry_run=dry_run,
            progress=progress,
            viewer=viewer,
        )
