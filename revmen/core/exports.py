"""Files revmen hands out (.xlsx, .csv, .pdf, .ics): one shape and one place that keeps
spreadsheet formulas out of them.

Each app's ``exports.py`` builds ``Export(name, content_type, content)`` objects; views return
``download(export)``, commands write ``export.content``, and the coming API serves the same.

Anything a person typed (a name, a unit, an item text) may start with ``=``, ``+``, ``-`` or
``@`` and would run as a formula when the file is opened (CSV/formula injection, OWASP). Rows
written with ``append_row`` keep such text exactly but as text: the cell is a string with
Excel's quote prefix (as if typed with a leading apostrophe), so neither opening nor editing
the cell evaluates it. ``neutral`` does the same for CSV, where the only way is a leading ``'``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Export:
    name: str
    content_type: str
    content: bytes


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutral(value: Any) -> Any:
    """A CSV cell that no spreadsheet will run: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """``sheet.append`` that stores formula-like text as quoted text, never as a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(export: Export) -> HttpResponse:
    """The file as an attachment, its name safe in the header whatever characters it has."""
    response = HttpResponse(export.content, content_type=export.content_type)
    ascii_name = export.name.encode("ascii", "replace").decode().replace('"', "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(export.name)}"
    )
    return response


def problems_export(filename: str, problems: Iterable[str]) -> Export:
    """An import's whole list of problems as a spreadsheet (row, column, problem), for a file
    whose page lists only the first ``IMPORT_ERRORS_SHOWN``."""
    from pathlib import Path

    from django.utils.translation import gettext as _

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Problems")[:31]
    append_row(sheet, [_("Row"), _("Column"), _("Problem")])
    for problem in problems:
        append_row(sheet, problem_cells(problem))
    name = _("problems-%(name)s.xlsx") % {"name": Path(filename).stem or "import"}
    return Export(name, XLSX, xlsx_bytes(workbook))


def problem_cells(problem: str) -> list[Any]:
    """``row N: column: reason`` (``RowError``'s text) as three cells; a problem of the file as
    a whole (``column: reason``) has no row."""
    head, _sep, rest = problem.partition(": ")
    word, _space, number = head.partition(" ")
    if word == "row" and number.isdigit():
        column, _sep, reason = rest.partition(": ")
        return [int(number), column, reason] if reason else [int(number), "", rest]
    return ["", head, rest] if rest else ["", "", problem]
