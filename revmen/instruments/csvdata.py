"""Reading analysts' CSV files into item matrices for ``revmen analyze`` (no statistics here).

A file has a header in row 1 and data from row 2. Rows are numbered as a spreadsheet shows them
(one CSV record = one row, header = row 1); every problem names its row and column. A blank
cell is a missing answer (NaN); every other cell must be a number. Wholly blank rows are
skipped.

Accepted: UTF-8 with or without a BOM (Windows-1252 as a fallback), ``,`` or ``;`` as the
delimiter. The delimiter is read off the header line (``;`` when it has more ``;`` than
``,``), not off a sample of the data, so a ``;`` file with decimal commas (``3,5``, as a
European or Indonesian Excel saves it) is recognised; in a ``;`` file a decimal comma is
accepted. The ``id`` column is found case-insensitively; item columns keep their names as
written (surrounding spaces stripped).

Pure Python + NumPy: no Django, so the reading can be tested and reused on its own.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ID_COLUMN = "id"
MAX_PROBLEMS_SHOWN = 20
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class CsvError(ValueError):
    """A file that cannot be analysed; ``problems`` holds one line per problem.

    Each problem reads ``FILE: row N, column C: reason`` (or ``FILE: row N: reason`` when the
    problem is the whole row). The message shows the first ``MAX_PROBLEMS_SHOWN`` of them, one
    per line.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = list(self.problems[:MAX_PROBLEMS_SHOWN])
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"... and {len(self.problems) - MAX_PROBLEMS_SHOWN} more problem(s)")
        super().__init__("\n".join(shown))


@dataclass(frozen=True, slots=True)
class ItemTable:
    """The item answers of one file.

    ``matrix`` is rows x ``items`` (NaN = blank); ``ids`` has one entry per row (``""`` when
    the file has no id column, or an allowed blank id); ``rows`` the file row number of each
    row; ``ignored`` the columns that were neither the id nor an item.
    """

    source: str
    items: tuple[str, ...]
    ids: tuple[str, ...]
    rows: tuple[int, ...]
    matrix: FloatArray
    ignored: tuple[str, ...]


def read_items(
    path: str | Path,
    *,
    items: Sequence[str] | None = None,
    require_id: bool = True,
    low: float | None = None,
    high: float | None = None,
    integers: bool = False,
) -> ItemTable:
    """Read ``path`` into an :class:`ItemTable`; raise :class:`CsvError` listing every problem.

    ``items=None``: every column except ``id`` is an item. Otherwise exactly the named columns
    (matched case-insensitively, reported with the given spelling, in the given order) and the
    rest are ``ignored``. ``require_id``: an ``id`` column must exist and every row needs an
    id; either way a non-blank id may appear only once. ``low``/``high``: the closed range of
    allowed values; ``integers``: only whole numbers.
    """
    source = str(path)
    header, records, decimal_comma = _read_records(Path(path), source)
    problems: list[str] = []
    names = _header_names(header, records, source, problems)
    by_lower: dict[str, int] = {}
    for position, name in enumerate(names):
        if name is None:
            continue
        if name.lower() in by_lower:
            problems.append(
                f"{source}: row 1, column {name}: the name appears twice (columns "
                f"{by_lower[name.lower()] + 1} and {position + 1})"
            )
        else:
            by_lower[name.lower()] = position
    id_position = by_lower.get(ID_COLUMN)
    if id_position is None and require_id:
        problems.append(f"{source}: row 1: no column named {ID_COLUMN}")
    if items is None:
        item_names = tuple(n for i, n in enumerate(names) if n is not None and i != id_position)
        item_positions = [by_lower[n.lower()] for n in item_names]
        if not item_names:
            problems.append(f"{source}: row 1: no item columns besides {ID_COLUMN}")
    else:
        item_names = tuple(items)
        missing = [n for n in item_names if n.lower() not in by_lower]
        if missing:
            problems.append(f"{source}: row 1: missing column(s) {', '.join(missing)}")
        item_positions = [by_lower.get(n.lower(), -1) for n in item_names]
    if problems:
        raise CsvError(problems)
    ignored = tuple(
        n
        for i, n in enumerate(names)
        if n is not None and i != id_position and i not in item_positions
    )

    ids: list[str] = []
    rows: list[int] = []
    values: list[list[float]] = []
    first_row_of: dict[str, int] = {}
    for number, cells in records:
        if all(not cell.strip() for cell in cells):
            continue
        if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
            problems.append(
                f"{source}: row {number}: {len(cells)} values but row 1 names {len(names)} columns"
            )
        person = _cell(cells, id_position)
        if id_position is not None and person:
            if person in first_row_of:
                problems.append(
                    f"{source}: row {number}, column {names[id_position]}: duplicate id "
                    f"{person} (also on row {first_row_of[person]})"
                )
            else:
                first_row_of[person] = number
        elif require_id:
            problems.append(f"{source}: row {number}, column {ID_COLUMN}: blank id")
        row: list[float] = []
        for name, position in zip(item_names, item_positions, strict=True):
            text = _cell(cells, position)
            value, reason = _parse(text, decimal_comma, low, high, integers)
            if reason:
                problems.append(f"{source}: row {number}, column {name}: {reason}")
            row.append(value)
        ids.append(person)
        rows.append(number)
        values.append(row)
    if problems:
        raise CsvError(problems)
    matrix = np.array(values, dtype=np.float64).reshape(len(values), len(item_names))
    return ItemTable(source, item_names, tuple(ids), tuple(rows), matrix, ignored)


def _read_records(path: Path, source: str) -> tuple[list[str], list[tuple[int, list[str]]], bool]:
    """Header cells, (row number, cells) per data record, and whether decimal commas apply."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise CsvError([f"{source}: no such file"]) from None
    except OSError as error:
        raise CsvError([f"{source}: cannot be read ({error.strerror or error})"]) from None
    if content.startswith(b"PK\x03\x04"):
        raise CsvError([f"{source}: this is an Excel (.xlsx) or other zip file; save it as CSV"])
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise CsvError([f"{source}: not a text file in UTF-8 or Windows-1252"])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise CsvError([f"{source}: not a readable CSV file ({error})"]) from None
    if not records or all(not cell.strip() for cell in records[0]):
        raise CsvError([f"{source}: row 1: the header is missing (row 1 must name the columns)"])
    numbered = list(enumerate(records[1:], start=2))
    return records[0], numbered, delimiter == ";"


def _header_names(
    header: list[str], records: list[tuple[int, list[str]]], source: str, problems: list[str]
) -> list[str | None]:
    """Column names by position; ``None`` for a blank name over a column with no data."""
    names: list[str | None] = []
    for position, cell in enumerate(header):
        name = cell.strip()
        if name:
            names.append(name)
            continue
        used = any(position < len(cells) and cells[position].strip() for _, cells in records)
        if used:
            problems.append(f"{source}: row 1, column {position + 1}: blank column name")
        names.append(None)
    return names


def _cell(cells: list[str], position: int | None) -> str:
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def _parse(
    text: str, decimal_comma: bool, low: float | None, high: float | None, integers: bool
) -> tuple[float, str]:
    """The cell's value (NaN when blank) and a reason when it is not acceptable."""
    if not text:
        return math.nan, ""
    candidate = text.replace(",", ".", 1) if decimal_comma and "." not in text else text
    if not _NUMBER.fullmatch(candidate):
        return math.nan, f"{text!r} is not a number (leave the cell blank for a missing answer)"
    value = float(candidate)
    if not math.isfinite(value):
        return math.nan, f"{text} is too large"
    if integers and value != round(value):
        return value, f"{text} is not a whole number"
    if (low is not None and value < low) or (high is not None and value > high):
        return value, f"{text} is outside the scale {_bound(low)}..{_bound(high)}"
    return value, ""


def _bound(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
