"""Instruments as spreadsheets, one row per item, so experts can author them in Excel.

Columns: ``section`` (blank = same as the row above), ``code``, ``text``, ``type`` (a question
type of ``qtypes.py``: likert, choice, short_text, long_text), ``points`` (likert: 4-7),
``reverse`` (yes/no), ``scale`` (a scale code), ``scale_name``, ``options`` (separated by
``|``: choice options, or custom Likert labels lowest first), ``key`` (knowledge tests: the
number of the correct option), ``required`` (yes/no, default yes). What ``points`` and
``options`` must hold, and whether ``key`` and ``reverse`` are allowed, is up to the type. The
first sheet is read; a second sheet ``instrument`` is written on export with the instrument's
code, name, kind and description.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from revmen.core.exports import append_row
from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import Row, RowError, read_sheet

from .library import version_build, version_definition
from .models import Instrument, Version
from .qtypes import KEY, QTYPES

COLUMNS = [
    "section",
    "code",
    "text",
    "type",
    "points",
    "reverse",
    "scale",
    "scale_name",
    "options",
    "key",
    "required",
]
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,19}$")
YES = {"yes", "ya", "y", "true", "1", "x"}
NO = {"no", "tidak", "n", "false", "0", ""}


@dataclass
class InstrumentImport(ImportResult):
    definition: dict[str, Any] = field(default_factory=dict)
    version: Version | None = None

    def counts(self) -> dict[str, int]:
        return {"items": self.version.items.count() if self.version else 0}

    def message(self) -> str:
        if self.version is None:
            return ""
        return _("Imported %(version)s with %(n)s items.") % {
            "version": self.version,
            "n": self.version.items.count(),
        }

    def extra(self) -> dict[str, Any]:
        return {"instrument": self.version.instrument.code if self.version else None}

    def line(self) -> str:
        return f"imported {self.version} with {self.counts()['items']} items"


def import_instrument_job(
    filename: str,
    content: bytes,
    *,
    only_valid: bool = False,
    progress: Any = None,
    code: str,
    name: str = "",
    kind: str = "attitude",
    owner_id: int | None = None,
) -> InstrumentImport:
    """The background-job form of :func:`import_instrument` (all-or-nothing, always)."""
    return import_instrument(
        filename=filename, content=content, code=code, name=name, kind=kind, owner_id=owner_id
    )


def export_version(version: Version) -> bytes:
    definition = version_definition(version)
    scale_names = {s["code"]: s["name"] for s in definition["scales"]}
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "items"
    sheet.append(COLUMNS)
    for section in definition["sections"]:
        for item in section["items"]:
            append_row(
                sheet,
                [
                    section["title"],
                    item["code"],
                    item["text"],
                    item["type"],
                    item["points"],
                    "yes" if item["reverse"] else "no",
                    item["scale"] or "",
                    scale_names.get(item["scale"] or "", ""),
                    "|".join(item["options"]),
                    item["key"],
                    "yes" if item["required"] else "no",
                ],
            )
    meta = workbook.create_sheet("instrument")
    for key in ("code", "name", "kind", "description"):
        append_row(meta, [key, definition[key]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_items(filename: str, content: bytes) -> InstrumentImport:
    """Check every row; return a definition (sections, scales, items) or the row errors."""
    sheet = read_sheet(filename, content, required=["code", "text", "type"], optional=COLUMNS)
    result = InstrumentImport(rows=len(sheet.rows))
    sections: list[dict[str, Any]] = []
    scales: dict[str, str] = {}
    seen: set[str] = set()
    current = ""
    for row in sheet.rows:
        current = row.text("section") or current or _("Questions")
        if not sections or sections[-1]["title"] != current:
            sections.append({"title": current, "intro": "", "items": []})
        item = _parse_row(row, seen, result.errors)
        if item is None:
            continue
        if item["scale"]:
            scales.setdefault(item["scale"], row.text("scale_name") or item["scale"])
        sections[-1]["items"].append(item)
    if not sheet.rows:
        result.errors.append(RowError(0, "file", _("The file has no items.")))
    result.definition = {
        "scales": [{"code": c, "name": n} for c, n in scales.items()],
        "sections": [s for s in sections if s["items"]],
    }
    return result


def _parse_row(row: Row, seen: set[str], errors: list[RowError]) -> dict[str, Any] | None:
    def bad(column: str, reason: str) -> None:
        errors.append(RowError(row.number, column, reason))

    before = len(errors)
    code = row.text("code").upper()
    if not CODE_RE.match(code):
        bad("code", _("must be 1-20 letters, digits or _ and start with a letter"))
    elif code in seen:
        bad("code", _("%(code)s appears twice") % {"code": code})
    seen.add(code)
    text = row.text("text")
    if not text:
        bad("text", _("is empty"))
    kind = row.text("type").lower()
    qtype = QTYPES.get(kind)
    if qtype is None:
        bad("type", _("must be one of %(kinds)s") % {"kinds": ", ".join(QTYPES)})
    options = [o.strip() for o in row.text("options").split("|") if o.strip()]
    points = _int(row.text("points"))
    if qtype is not None:
        for column, reason in qtype.definition_errors(points=points, options=options):
            bad(column, reason)
    key = _int(row.text("key"))
    keyed = qtype is not None and qtype.scoring == KEY
    if row.text("key") and (not keyed or key is None or not 1 <= key <= len(options)):
        bad("key", _("must be the number of one of the options"))
    flags = {}
    for column in ("reverse", "required"):
        value = row.text(column).lower()
        if value not in YES | NO:
            bad(column, _("write yes or no"))
        flags[column] = value in YES if value else column == "required"
    reversible = qtype is not None and qtype.reversible
    if flags["reverse"] and not reversible:
        bad("reverse", _("only Likert items can be reverse-keyed"))
    scale = row.text("scale").upper()
    if scale and not CODE_RE.match(scale):
        bad("scale", _("must be 1-20 letters, digits or _ and start with a letter"))
    if len(errors) > before:
        return None
    return {
        "code": code,
        "text": text,
        "type": kind,
        "points": points,
        "reverse": flags["reverse"],
        "scale": scale or None,
        "options": options,
        "key": key,
        "required": flags["required"],
    }


def _int(value: str) -> int | None:
    try:
        return int(float(value)) if value else None
    except ValueError:
        return None


def next_version_number(instrument: Instrument) -> int:
    """The number a new version of ``instrument`` gets. A latest version that was never
    administered is deleted and its number reused (nothing can depend on it yet)."""
    latest = instrument.latest_version()
    if latest is None:
        return 1
    if latest.administrations.exists():
        return latest.number + 1
    number = latest.number
    latest.delete()
    return number


@transaction.atomic
def import_instrument(
    *,
    filename: str,
    content: bytes,
    code: str,
    name: str = "",
    kind: str = "attitude",
    owner_id: int | None = None,
) -> InstrumentImport:
    """Create the instrument, or its next version. A latest version that was never
    administered is replaced instead (nothing can depend on it yet)."""
    result = parse_items(filename, content)
    if result.errors:
        return result
    instrument, _created = Instrument.objects.get_or_create(
        code=code.upper(),
        defaults={"name": name or code.upper(), "kind": kind, "owner_id": owner_id},
    )
    result.version = version_build(
        instrument=instrument,
        number=next_version_number(instrument),
        definition=result.definition,
        note=filename,
    )
    result.written = True
    return result
