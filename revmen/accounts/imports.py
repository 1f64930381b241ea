"""Import agencies and their unit trees from a spreadsheet.

Columns ``agency_code``, ``agency_name``, ``unit_path``. One row names an agency and, optionally,
one unit path below its root; missing ancestors are created. All-or-nothing: any bad row and
nothing is written, unless the caller asks to import only the valid rows. Importing the same file
twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from revmen.asn.unitpath import InvalidPath, join_path, split_path
from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import RowError, read_sheet
from revmen.core.timezones import ABBREVIATIONS, IndonesianZone

from .models import Agency, AgencyKind, Unit
from .services import AGENCY_CODE_RE, ERR_AGENCY_CODE, normalize_agency_code

COLUMNS = ["agency_code", "agency_name", "unit_path"]
OPTIONAL = ["agency_kind", "timezone"]
ZONES = {abbreviation: zone for zone, abbreviation in ABBREVIATIONS.items()}


@dataclass
class PlannedRow:
    row: int
    code: str
    name: str
    names: list[str]
    kind: str = ""
    timezone: str = ""


@dataclass
class AgencyImportResult(ImportResult):
    agencies_created: int = 0
    units_created: int = 0

    def counts(self) -> dict[str, int]:
        return {"agencies_created": self.agencies_created, "units_created": self.units_created}

    def message(self) -> str:
        return _("Imported: %(a)s new agencies, %(u)s new units.") % {
            "a": self.agencies_created,
            "u": self.units_created,
        }


def plan_agency_import(
    filename: str, content: bytes
) -> tuple[list[PlannedRow], AgencyImportResult]:
    """Read and check every row; nothing is written."""
    sheet = read_sheet(
        filename,
        content,
        required=["agency_code", "agency_name"],
        optional=["unit_path", *OPTIONAL],
    )
    result = AgencyImportResult(rows=len(sheet.rows))
    if sheet.extra_columns:
        result.notes.append(_("Ignored column(s): %(c)s") % {"c": ", ".join(sheet.extra_columns)})
    existing = {a.code: a.name for a in Agency.objects.only("code", "name")}
    names_in_file: dict[str, tuple[str, int]] = {}
    planned: list[PlannedRow] = []
    for row in sheet.rows:
        code = normalize_agency_code(row.text("agency_code"))
        name = row.text("agency_name")
        errors_before = len(result.errors)
        if not code:
            result.errors.append(RowError(row.number, "agency_code", _("is empty")))
        elif not AGENCY_CODE_RE.match(code):
            result.errors.append(RowError(row.number, "agency_code", _(ERR_AGENCY_CODE)))
        if code and code not in existing and not name:
            result.errors.append(
                RowError(row.number, "agency_name", _("is empty for a new agency"))
            )
        if code and name:
            seen = names_in_file.setdefault(code, (name, row.number))
            if seen[0] != name:
                result.errors.append(
                    RowError(
                        row.number,
                        "agency_name",
                        _("“%(name)s” differs from “%(first)s” given for %(code)s in row %(row)s")
                        % {"name": name, "first": seen[0], "code": code, "row": seen[1]},
                    )
                )
            elif code in existing and existing[code] != name and seen[1] == row.number:
                result.notes.append(
                    _("row %(row)s: agency %(code)s keeps its stored name “%(stored)s”")
                    % {"row": row.number, "code": code, "stored": existing[code]}
                )
        try:
            names = split_path(row.text("unit_path"))
        except InvalidPath as error:
            result.errors.append(RowError(row.number, "unit_path", str(error)))
            names = []
        kind = row.text("agency_kind").lower()
        if kind and kind not in AgencyKind.values:
            result.errors.append(
                RowError(
                    row.number,
                    "agency_kind",
                    _("must be one of %(k)s") % {"k": ", ".join(AgencyKind.values)},
                )
            )
        zone = ZONES.get(row.text("timezone").upper(), None if row.text("timezone") else "")
        if zone is None:
            result.errors.append(RowError(row.number, "timezone", _("must be WIB, WITA or WIT")))
        if len(result.errors) == errors_before:
            planned.append(PlannedRow(row.number, code, name, names, kind, zone or ""))
    return planned, result


def import_agencies(
    filename: str,
    content: bytes,
    *,
    only_valid: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> AgencyImportResult:
    """Check the file, then (if clean, or if ``only_valid``) write it in one transaction."""
    planned, result = plan_agency_import(filename, content)
    result.dry_run = dry_run
    if (result.errors and not only_valid) or dry_run:
        return result
    result.skipped_rows = result.rows - len(planned)
    with transaction.atomic():
        _write(planned, result, progress)
    result.written = True
    return result


def _write(
    planned: list[PlannedRow],
    result: AgencyImportResult,
    progress: Callable[[int, int], None] | None,
) -> None:
    from .services import agency_create

    agencies = {a.code: a for a in Agency.objects.filter(code__in={p.code for p in planned})}
    units: dict[tuple[int, str], Unit] = {
        (u.agency_id, u.path): u for u in Unit.objects.filter(agency__in=agencies.values())
    }
    for index, plan in enumerate(planned, start=1):
        agency = agencies.get(plan.code)
        if agency is None:
            agency = agency_create(
                code=plan.code,
                name=plan.name,
                kind=plan.kind or _guess_kind(plan.code),
                timezone=plan.timezone or IndonesianZone.WIB,
            )
            agencies[plan.code] = agency
            units[(agency.pk, "")] = Unit.objects.get(agency=agency, parent__isnull=True)
            result.agencies_created += 1
        parent = units[(agency.pk, "")]
        for depth in range(1, len(plan.names) + 1):
            path = join_path(plan.names[:depth])
            unit = units.get((agency.pk, path))
            if unit is None:
                unit = Unit.objects.create(
                    agency=agency, parent=parent, name=plan.names[depth - 1], path=path, depth=depth
                )
                units[(agency.pk, path)] = unit
                result.units_created += 1
            parent = unit
        if progress and (index % 200 == 0 or index == len(planned)):
            progress(index, len(planned))


def _guess_kind(code: str) -> str:
    if code.startswith(("BPSDM", "LAN", "PUSDIK", "BANGKOM")):
        return AgencyKind.INSTITUTE
    if code.startswith(("PROV", "PEMPROV")):
        return AgencyKind.PROVINCE
    if code.startswith(("KAB", "KOTA", "PEMKAB", "PEMKOT")):
        return AgencyKind.REGENCY
    if code.startswith(("KEMEN", "KEM")):
        return AgencyKind.MINISTRY
    return AgencyKind.OTHER
