"""Reading the spreadsheets organisers live in: .xlsx (first sheet) or .csv.

Rows come back as dicts keyed by lower-cased header, numbered as the spreadsheet numbers them
(header = row 1). Blank rows are skipped. Cells are returned as text, except that a number Excel
stored as a float stays a float so callers can say "Excel turned this NIP into a number".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass
class RowError:
    """One bad cell, reported as spreadsheets number rows (header = row 1). Row 0 is the file
    or the command as a whole (``column`` then names the option, e.g. ``--org``)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.column}: {self.reason}"
        return f"row {self.row}: {self.column}: {self.reason}"


@dataclass
class Row:
    number: int
    cells: dict[str, Any]

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())


@dataclass
class Sheet:
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)


def read_sheet(
    filename: str, content: bytes, *, required: list[str], optional: list[str] | None = None
) -> Sheet:
    suffix = Path(filename).suffix.lower()
    raw_rows: list[Sequence[Any]]
    if suffix == ".xlsx":
        raw_rows = list(_xlsx_rows(content))
    elif suffix == ".csv":
        raw_rows = list(_csv_rows(content))
    else:
        raise SpreadsheetError(
            _("Upload an .xlsx or .csv file (got %(name)s).") % {"name": filename}
        )
    if not raw_rows:
        raise SpreadsheetError(_("The file is empty: row 1 must be the header."))
    header = [str(cell or "").strip().lower() for cell in raw_rows[0]]
    missing = [column for column in required if column not in header]
    if missing:
        raise SpreadsheetError(
            _("Missing column(s): %(columns)s. Row 1 must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    known = set(required) | set(optional or [])
    sheet = Sheet(header=header, extra_columns=[h for h in header if h and h not in known])
    for number, values in enumerate(raw_rows[1:], start=2):
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        cells = {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h}
        sheet.rows.append(Row(number=number, cells=cells))
    return sheet


def _xlsx_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            _("This is not a readable .xlsx file (%(error)s).") % {"error": type(error).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 decodes any byte
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)
