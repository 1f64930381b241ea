"""Reading the spreadsheets organisers live in: .xlsx (first sheet) or .csv.

Rows come back as dicts keyed by lower-cased header, numbered as the spreadsheet numbers them
(header = row 1). Blank rows are skipped. Cells are returned as text, except that a number Excel
stored as a float stays a float so callers can say "Excel turned this NIP into a number".

What the file is comes from its bytes: a zip is an .xlsx (even named .csv), an .xlsx that is
no zip is refused, text is a CSV in UTF-8 (with or without BOM), UTF-16 (with BOM) or
Windows-1252; anything else (an old .xls, a PDF, random bytes, a truncated .xlsx) is refused
with one message saying what to do. So are a header naming a column twice, a header with
nothing below it, more rows than ``IMPORT_MAX_ROWS`` and more bytes than ``IMPORT_MAX_MB``
(``check_upload`` runs the same checks on an upload before it is stored).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


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


NOT_A_SHEET = gettext_noop(
    "This is not a CSV or Excel (.xlsx) file: save it from your spreadsheet as .xlsx or CSV."
)
DUPLICATE_COLUMNS = gettext_noop(
    "Column(s) named more than once in row 1: %(columns)s. Keep one column of each name."
)
NO_DATA_ROWS = gettext_noop(
    "The file has no data rows: row 1 holds the column names and nothing is below it."
)
BAD_CSV = gettext_noop(
    "The CSV file cannot be read near line %(line)s: check its quotes, or save it again as CSV."
)
TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(max)s rows: split it into smaller files and import each."
)
TOO_LARGE = gettext_noop(
    "The file is larger than %(max)s MB: split it into smaller files and import each."
)

_ZIP = b"PK\x03\x04"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_TEXT_CONTROLS = {"\t", "\n", "\r"}


def read_sheet(
    filename: str, content: bytes, *, required: list[str], optional: list[str] | None = None
) -> Sheet:
    raw_rows = _raw_rows(filename, content)
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
    if not sheet.rows:
        raise SpreadsheetError(_(NO_DATA_ROWS))
    return sheet


def read_table(filename: str, content: bytes) -> tuple[list[str], list[Row]]:
    """The header as written (case kept) and the non-blank rows keyed by column position
    (``Row.cells[str(i)]``), checked as ``read_sheet`` checks: for files whose headers are
    questions or codes rather than our column names (other survey tools' exports)."""
    raw_rows = _raw_rows(filename, content)
    header = [str(cell or "").strip() for cell in raw_rows[0]]
    rows = [
        Row(number=number, cells={str(i): value for i, value in enumerate(values)})
        for number, values in enumerate(raw_rows[1:], start=2)
        if not _blank(values)
    ]
    return header, rows


def check_upload(filename: str, content: bytes) -> None:
    """Refuse a file no import can read, before it is stored: too large, not a spreadsheet,
    unreadable, a column named twice, no data rows, more than ``IMPORT_MAX_ROWS`` rows.
    Raises ``SpreadsheetError``; what the rows say is the import's business."""
    _raw_rows(filename, content)


def _raw_rows(filename: str, content: bytes) -> list[Sequence[Any]]:
    """Every row of the file (header first), checked as a whole; raises ``SpreadsheetError``."""
    from django.conf import settings

    if len(content) > settings.IMPORT_MAX_MB * 1024 * 1024:
        raise SpreadsheetError(_(TOO_LARGE) % {"max": settings.IMPORT_MAX_MB})
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SpreadsheetError(
            _("Upload an .xlsx or .csv file (got %(name)s).") % {"name": filename}
        )
    limit = settings.IMPORT_MAX_ROWS + 1  # and the header
    if suffix == ".xlsx" and not content.startswith(_ZIP):  # an .xlsx is a zip; an .xls is not
        raise SpreadsheetError(_(NOT_A_SHEET))
    rows = _xlsx_rows(content) if content.startswith(_ZIP) else _csv_rows(content)
    raw_rows: list[Sequence[Any]] = []
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise SpreadsheetError(_(TOO_MANY_ROWS) % {"max": settings.IMPORT_MAX_ROWS})
        raw_rows.append(row)
    if not raw_rows:
        raise SpreadsheetError(_("The file is empty: row 1 must be the header."))
    header = [str(cell or "").strip().lower() for cell in raw_rows[0]]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise SpreadsheetError(_(DUPLICATE_COLUMNS) % {"columns": ", ".join(twice)})
    if len(raw_rows) < 2 or all(_blank(row) for row in raw_rows[1:]):
        raise SpreadsheetError(_(NO_DATA_ROWS))
    return raw_rows


def _blank(values: Sequence[Any]) -> bool:
    return all(value is None or str(value).strip() == "" for value in values)


def _xlsx_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(_(NOT_A_SHEET)) from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    except Exception:  # read-only mode parses lazily: a damaged sheet fails here
        raise SpreadsheetError(_(NOT_A_SHEET)) from None
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    """The text of a CSV, or ``SpreadsheetError`` when the bytes are not text."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                raise SpreadsheetError(_(NOT_A_SHEET)) from None
    if b"\x00" in content:  # no text file but UTF-16 (handled above) has NUL bytes
        raise SpreadsheetError(_(NOT_A_SHEET))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # Excel's "CSV" on Indonesian Windows
        except UnicodeDecodeError:
            raise SpreadsheetError(_(NOT_A_SHEET)) from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    if controls > len(sample) // 100:  # a binary file that happens to decode
        raise SpreadsheetError(_(NOT_A_SHEET))
    return text


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error:
        raise SpreadsheetError(_(BAD_CSV) % {"line": reader.line_num}) from None
