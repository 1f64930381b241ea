"""Answers collected elsewhere imported as a closed administration of an instrument version.

Two sources:

- ``limesurvey``: LimeSurvey's response export (CSV or .xlsx) with *question codes* as headings:
  ``CODE`` for a question, ``CODE[SQ]`` for a subquestion (an array's row, a multiple-choice
  option, a multiple-numeric field). Values are LimeSurvey's answer codes, matched through
  ``Item.option_codes`` (kept when the survey structure was imported, ``limesurvey.py``); a
  multiple-choice option is chosen when its cell says ``Y``. ``submitdate`` gives the date.
  LimeSurvey's own columns (``id``, ``lastpage``, ``seed``, ``token``, ``ipaddr``, …) and the
  ``[other]`` / ``[comment]`` fields are left out, and said so.
- ``google-forms``: a Google Forms response sheet (CSV or .xlsx) with the question *texts* as
  headings. Each column is matched to the item whose text it resembles most (a suggestion the
  mapping screen or ``--map`` can change); values are the option labels, several ticked boxes
  joined by ``", "``. The ``Timestamp`` column gives the date; the e-mail column is never read.

``--map MAP.csv`` (or the screen) names, per column heading, the item code it fills (an empty
code leaves the column out). Like every import it reads every row first and writes all or
nothing, with an error per bad cell; the answers are stored as the answer page would store them
(``qtypes``), dated only, in random order, as an anonymous administration.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import RowError, SpreadsheetError, read_table
from revmen.text.normalize import fold

from .answers import AnswerSheet
from .models import Administration, IdentityMode, Item, Purpose, Response, Version

SOURCES = ("limesurvey", "google-forms")
LIMESURVEY_OWN = {
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
    "ipaddr", "refurl", "token", "interviewtime",
}  # fmt: skip
TIMESTAMPS = {"timestamp", "stempel waktu", "cap waktu"}
EMAILS = {"email address", "alamat email", "email", "e-mail"}
SUB = re.compile(r"^(?P<code>[^\[\]]+)\[(?P<sub>[^\[\]]+)\]$")
SUGGEST_CUTOFF = 0.6


@dataclass
class Column:
    heading: str
    item: Item | None  # None: left out
    option: int = 0  # a multiple-choice item's option this column ticks (LimeSurvey)
    role: str = ""  # "date" for the column that dates the answers
    fixed: bool = False  # not for a mapping to change: the date, e-mail and tool's own columns


@dataclass
class ResponsesImport(ImportResult):
    administration: Administration | None = None
    columns: list[Column] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"responses": self.rows - self.skipped_rows if self.written else 0}

    def extra(self) -> dict[str, Any]:
        return {"administration": self.administration.pk if self.administration else None}

    def message(self) -> str:
        if self.administration is None:
            return ""
        return _("Imported %(n)s responses into %(title)s.") % {
            "n": self.administration.responses.count(),
            "title": self.administration.title,
        }


def read_map(content: bytes) -> dict[str, str]:
    """A mapping file: two columns, the heading and the item code (empty: leave it out)."""
    text = content.decode("utf-8-sig")
    found: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2 and row[0].strip() and row[0].strip().lower() != "column":
            found[row[0].strip()] = row[1].strip()
    return found


def suggest(heading: str, items: list[Item]) -> Item | None:
    """The item whose text (or code) resembles ``heading`` most, if any resembles it enough."""
    target = fold(heading)
    best, score = None, 0.0
    for item in items:
        for candidate in (fold(item.text), fold(item.code)):
            ratio = difflib.SequenceMatcher(None, target, candidate).ratio()
            if ratio > score:
                best, score = item, ratio
    return best if score >= SUGGEST_CUTOFF else None


def _mapped(
    heading: str,
    code: str,
    by_code: dict[str, Item],
    by_folded: dict[str, Item],
    notes: list[str],
) -> Column:
    """The column a mapping names: an item code, empty (left out; the date column keeps its
    role), or a multiple-choice item for a LimeSurvey ``CODE[SQ]`` column that ticks SQ."""
    lowered = heading.strip().lower()
    if not code:
        role = "date" if lowered in TIMESTAMPS | {"submitdate"} else ""
        return Column(heading, None, role=role)
    item = by_code.get(code) or by_folded.get(code.lower())
    if item is None:
        message = _("%(column)s: no item %(code)s; left out")
        notes.append(message % {"column": heading, "code": code})
        return Column(heading, None)
    match = SUB.match(heading)
    if item.kind == "multi_choice" and match and match["sub"] in item.option_codes:
        return Column(heading, item, option=item.option_codes.index(match["sub"]) + 1)
    return Column(heading, item)


def plan_columns(
    source: str, header: list[str], items: list[Item], mapping: dict[str, str] | None = None
) -> tuple[list[Column], list[str]]:
    """Which item each column fills, and notes on the columns left out."""
    by_code = {item.code: item for item in items}
    by_folded = {item.code.lower(): item for item in items}
    columns: list[Column] = []
    notes: list[str] = []
    for heading in header:
        lowered = heading.strip().lower()
        if source == "google-forms" and lowered in EMAILS:
            # whatever a mapping says: an anonymous administration never reads an address
            columns.append(Column(heading, None, fixed=True))
            message = _("%(column)s: e-mail addresses are never imported")
            notes.append(message % {"column": heading})
            continue
        if mapping is not None and heading in mapping:
            columns.append(_mapped(heading, mapping[heading], by_code, by_folded, notes))
            continue
        if source == "limesurvey":
            if lowered == "submitdate":
                columns.append(Column(heading, None, role="date", fixed=True))
                continue
            if lowered in LIMESURVEY_OWN:
                columns.append(Column(heading, None, fixed=True))
                continue
            match = SUB.match(heading)
            if heading in by_code:
                columns.append(Column(heading, by_code[heading]))
            elif match and f"{match['code']}_{match['sub']}" in by_code:
                columns.append(Column(heading, by_code[f"{match['code']}_{match['sub']}"]))
            elif (
                match
                and (item := by_code.get(match["code"])) is not None
                and item.kind == "multi_choice"
                and match["sub"] in item.option_codes
            ):
                columns.append(
                    Column(heading, item, option=item.option_codes.index(match["sub"]) + 1)
                )
            else:
                columns.append(Column(heading, None))
                notes.append(_("%(column)s: no matching item; left out") % {"column": heading})
        else:
            if lowered in TIMESTAMPS:
                columns.append(Column(heading, None, role="date", fixed=True))
            else:
                item = suggest(heading, items)
                columns.append(Column(heading, item))
                if item is None:
                    notes.append(_("%(column)s: no matching item; left out") % {"column": heading})
    taken: dict[str, str] = {}
    for column in columns:
        if column.item is not None and not column.option:
            if column.item.code in taken:
                notes.append(
                    _("%(column)s and %(other)s both fill %(code)s; only the first is read")
                    % {
                        "column": column.heading,
                        "other": taken[column.item.code],
                        "code": column.item.code,
                    }
                )
                column.item = None
            else:
                taken[column.item.code] = column.heading
    return columns, notes


DATE_PATTERNS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H.%M.%S", "%d/%m/%Y",
)  # fmt: skip


def parse_when(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = re.sub(r"\s+GMT[+-]\d+$", "", str(value or "").strip())
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _raw_value(source: str, item: Item, value: Any) -> str:
    """A cell in the spelling the item's type reads (``qtypes``): option numbers for choices,
    ``"?"`` for a value that names no option."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return ""
    if item.kind == "date":
        return text.split(" ", 1)[0]  # LimeSurvey writes "2024-05-31 00:00:00"
    if item.kind in ("short_text", "long_text", "numeric"):
        return text
    if source == "limesurvey" and item.option_codes:
        if item.kind == "multi_choice":
            return "?"
        if text in item.option_codes:
            return str(item.option_codes.index(text) + 1)
        # an export made with "full answers" instead of answer codes: the option's label
        named = [fold(label) for _n, label in item.qtype.choices(item)]
        return str(named.index(fold(text)) + 1) if fold(text) in named else "?"
    labels = [fold(label) for _n, label in item.qtype.choices(item)]
    if item.kind == "multi_choice":
        chosen, rest = [], fold(text)
        for number, label in sorted(enumerate(labels, 1), key=lambda pair: -len(pair[1])):
            if label and label in rest:
                chosen.append(number)
                rest = rest.replace(label, "")
        return ",".join(map(str, sorted(chosen))) if chosen and not rest.strip(" ,;") else "?"
    if fold(text) in labels:
        return str(labels.index(fold(text)) + 1)
    return text  # a number as written (a linear scale), or refused by the type


def import_responses(
    *,
    version: Version,
    source: str,
    filename: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
    title: str = "",
    created_by: Any = None,
) -> ResponsesImport:
    result = ResponsesImport()
    try:
        header, rows = read_table(filename, content)
    except SpreadsheetError as error:
        result.errors.append(RowError(0, "file", str(error)))
        return result
    items = list(version.items.order_by("position"))
    columns, notes = plan_columns(source, header, items, mapping)
    result.columns, result.notes = columns, notes
    result.rows = len(rows)
    if not any(column.item is not None for column in columns):
        result.errors.append(RowError(0, "file", _("No column matches an item of the version.")))
        return result
    sheets: list[tuple[AnswerSheet, dt.date]] = []
    today = timezone.localdate()
    for row in rows:
        sheet = AnswerSheet.empty(len(items))
        when: dt.date | None = None
        ticks: dict[str, list[int]] = {}
        for index, column in enumerate(columns):
            value = row.cells.get(str(index))
            if column.role == "date":
                when = parse_when(value) if value not in (None, "") else when
                if value not in (None, "") and when is None:
                    result.errors.append(RowError(row.number, column.heading, _("not a date")))
                elif when is not None and when > today:
                    message = _("a date in the future")
                    result.errors.append(RowError(row.number, column.heading, message))
                continue
            item = column.item
            if item is None:
                continue
            if column.option:
                if str(value or "").strip().upper() in ("Y", "1", "YES"):
                    ticks.setdefault(item.code, []).append(column.option)
                continue
            raw = _raw_value(source, item, value)
            refused = (
                item.qtype.apply(sheet, item, raw) if raw != "?" else _("not one of the options")
            )
            if refused:
                result.errors.append(RowError(row.number, column.heading, refused))
        for code, chosen in ticks.items():
            item = next(i for i in items if i.code == code)
            item.qtype.apply(sheet, item, ",".join(map(str, sorted(chosen))))
        sheets.append((sheet, when or today))
    if result.errors:
        return result
    order = list(range(len(sheets)))
    secrets.SystemRandom().shuffle(order)  # neither the file's order nor its times survive
    days = [when for _sheet, when in sheets]
    first, last = min(days), max(days)
    opens_at = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    with transaction.atomic():
        administration = Administration.objects.create(
            version=version,
            title=title or _("Imported from %(file)s") % {"file": filename},
            purpose=Purpose.OTHER,
            audience="imported",
            identity=IdentityMode.ANONYMOUS,
            opens_at=opens_at,
            # closed: the day after the last answer, or now when that was today
            closes_at=min(
                timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)),
                max(timezone.now(), opens_at + dt.timedelta(seconds=1)),
            ),
            created_by=created_by,
        )
        Response.objects.bulk_create(
            Response(
                administration=administration,
                answers=sheets[i][0].encode(),
                texts=sheets[i][0].texts,
                submitted_on=sheets[i][1],
            )
            for i in order
        )
    result.administration = administration
    result.written = True
    return result


def preview(
    *, version: Version, source: str, filename: str, content: bytes
) -> tuple[list[Column], list[str], int]:
    """What the mapping screen shows: each column with the item suggested for it, the notes, and
    the number of rows. :class:`SpreadsheetError` when the file cannot be read."""
    header, rows = read_table(filename, content)
    items = list(version.items.order_by("position"))
    columns, notes = plan_columns(source, header, items)
    return columns, notes, len(rows)


def import_responses_job(
    filename: str,
    content: bytes,
    *,
    only_valid: bool = False,
    progress: Any = None,
    version_id: int,
    source: str,
    mapping: dict[str, str] | None = None,
    title: str = "",
    created_by_id: int | None = None,
) -> ResponsesImport:
    """The background-job form of :func:`import_responses` (all or nothing, always)."""
    from revmen.accounts.models import Person

    version = Version.objects.get(pk=version_id)
    created_by = Person.objects.filter(pk=created_by_id).first() if created_by_id else None
    return import_responses(
        version=version,
        source=source,
        filename=filename,
        content=content,
        mapping=mapping,
        title=title,
        created_by=created_by,
    )
