"""A wave's real headcounts: entered on a page or imported from a sheet (unit, jumlah_pegawai).

A unit's headcount counts its whole subtree (a Dinas with 250 people, its Bidang with 40 of
them); a unit left empty takes the sum of its sub-units' headcounts. The import is all or
nothing with a per-row report; a sheet has at most one row per unit, so it is read and written
in the request (no background job needed: a province has a few thousand units at most).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from revmen.accounts.models import Unit
from revmen.asn.unitpath import InvalidPath, join_path, split_path
from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes
from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import RowError, read_sheet

from .models import Headcount, Wave

COLUMNS = ["unit", "jumlah_pegawai"]
MAX_HEADCOUNT = 1_000_000
ERR_HEADCOUNT = gettext_noop("must be a whole number from 0 to 1,000,000, or empty")


@dataclass
class HeadcountImport(ImportResult):
    set_: int = 0
    cleared: int = 0

    def counts(self) -> dict[str, int]:
        return {"set": self.set_, "cleared": self.cleared}

    def message(self) -> str:
        return _("Headcounts saved: %(n)s units.") % {"n": self.set_}


def headcounts_of(wave: Wave) -> dict[int, int]:
    return dict(Headcount.objects.filter(wave=wave).values_list("unit_id", "n"))


@transaction.atomic
def headcounts_set(*, wave: Wave, values: dict[int, int | None]) -> tuple[int, int]:
    """Set (a number) or clear (None) the headcount of each unit id given; others unchanged.
    Returns (set, cleared)."""
    units = set(Unit.objects.filter(agency=wave.agency, pk__in=values).values_list("pk", flat=True))
    if set(values) - units:
        raise ValueError("a unit of another agency")
    cleared = [pk for pk, n in values.items() if n is None]
    Headcount.objects.filter(wave=wave, unit_id__in=cleared).delete()
    chosen = {pk: n for pk, n in values.items() if n is not None}
    Headcount.objects.bulk_create(
        [Headcount(wave=wave, unit_id=pk, n=n) for pk, n in chosen.items()],
        update_conflicts=True,
        unique_fields=["wave", "unit"],
        update_fields=["n"],
    )
    return len(chosen), len(cleared)


def parse_headcount(raw: str) -> tuple[bool, int | None]:
    """(ok, value): empty is None; a whole number 0..MAX_HEADCOUNT ("1.250" and "1,250" too)."""
    text = raw.strip().replace(".", "").replace(",", "").replace(" ", "")
    if text == "":
        return True, None
    if not text.isdigit():
        return False, None
    value = int(text)
    return value <= MAX_HEADCOUNT, value


def import_headcounts(*, wave: Wave, filename: str, content: bytes) -> HeadcountImport:
    """All or nothing: every row is checked, then all are written."""
    result = HeadcountImport()
    sheet = read_sheet(filename, content, required=COLUMNS)
    units = {u.path: u.pk for u in Unit.objects.filter(agency=wave.agency)}
    root_name = wave.agency.name.casefold()
    values: dict[int, int | None] = {}
    seen: dict[int, int] = {}
    for row in sheet.rows:
        raw_path = row.text("unit")
        try:
            path = "" if raw_path.casefold() == root_name else join_path(split_path(raw_path))
        except InvalidPath as error:
            result.errors.append(RowError(row.number, "unit", str(error)))
            continue
        if path not in units:
            reason = _("unknown unit %(p)s") % {"p": path}
            result.errors.append(RowError(row.number, "unit", reason))
            continue
        if units[path] in seen:
            reason = _("this unit is already on row %(r)s") % {"r": seen[units[path]]}
            result.errors.append(RowError(row.number, "unit", reason))
            continue
        seen[units[path]] = row.number
        ok, value = parse_headcount(row.text("jumlah_pegawai"))
        if not ok:
            result.errors.append(RowError(row.number, "jumlah_pegawai", _(ERR_HEADCOUNT)))
            continue
        values[units[path]] = value
    result.rows = len(sheet.rows)
    if result.errors:
        return result
    result.set_, result.cleared = headcounts_set(wave=wave, values=values)
    result.written = True
    return result


def headcount_sheet(wave: Wave) -> Export:
    """Every unit of the agency with its current headcount: fill in and upload back."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("headcounts")[:31]
    sheet.append(COLUMNS)
    sheet.column_dimensions["A"].width = 60
    current = headcounts_of(wave)
    for unit in Unit.objects.filter(agency=wave.agency).order_by("path"):
        append_row(sheet, [unit.path or wave.agency.name, current.get(unit.pk)])
    return Export(_("headcounts-%(wave)s.xlsx") % {"wave": wave.pk}, XLSX, xlsx_bytes(workbook))
