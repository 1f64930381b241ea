"""LimeSurvey survey structures (``.lss``, LimeSurvey 3.x to 6.x) read as instrument definitions.

An ``.lss`` file is an XML dump of LimeSurvey's tables: ``surveys`` (the base ``language``),
``groups``, ``questions`` and ``subquestions`` (rows with ``qid``, ``parent_qid``, ``gid``,
``type``, ``title``, ``mandatory``, ``question_order``, ``scale_id``) and ``answers`` (``qid``,
``code``, ``sortorder``, ``scale_id``). LimeSurvey 3 keeps the texts in those rows, one row per
language; LimeSurvey 4 and later keep them apart in ``group_l10ns``, ``question_l10ns`` and
``answer_l10ns``. Both are read; only the base language is kept.

The definition comes out in the survey's order (groups by ``group_order``, questions by
``question_order``, subquestions by ``question_order``) in the shape of the built-in library
(``library.version_build``). Question types map as follows (the codes are LimeSurvey's):

========================  ===================================================================
L ! O Y G                 one ``choice`` item coded by the question title, the answer options
                          in order (Y: Yes, No; G: Female, Male)
M P                       one ``multi_choice`` item whose options are the subquestions
5                         ``likert`` with 5 points
F H                       one ``choice`` item per subquestion coded ``QTITLE_SQTITLE``, the
                          answer options as options
A B C E                   the same with fixed options: 1-5, 1-10, Yes/Uncertain/No,
                          Increase/Same/Decrease
S / T U / Q               ``short_text`` / ``long_text`` / one ``short_text`` per subquestion
N / K                     ``numeric`` / one ``numeric`` per subquestion
D                         ``date``
X                         the text of the section (a new section if items came before it)
========================  ===================================================================

Every other type (ranking, equation, file upload, arrays of texts or numbers, dual scale,
language switch, …) is listed in ``skipped`` with its reason, never dropped silently. Option
codes (LimeSurvey's answer codes, ``A1``, ``Y``, ``F``) are kept beside the options so that a
response export can be read back (``Item.option_codes``).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from revmen.core.spreadsheets import RowError

from .library import version_build
from .models import Instrument, InstrumentKind
from .spreadsheet import InstrumentImport, next_version_number

CODE_LIMIT = 20  # Item.code

SINGLE = {"L", "!", "O"}
MULTIPLE = {"M", "P"}
ARRAY_WITH_ANSWERS = {"F", "H"}
SKIP_REASONS = {
    "R": "ranking questions are not supported",
    "*": "equations are computed by LimeSurvey, not answered",
    "|": "file uploads are not supported",
    ";": "arrays of texts are not supported",
    ":": "arrays of numbers are not supported",
    "1": "dual-scale arrays are not supported",
    "I": "a language switch is not a question",
}


class LssError(ValueError):
    """A file that is not a LimeSurvey survey structure."""


@dataclass
class Skipped:
    code: str
    type: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.code} ({self.type}): {self.reason}"


@dataclass
class LssSurvey:
    title: str
    language: str
    definition: dict[str, Any]
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def n_items(self) -> int:
        return sum(len(section["items"]) for section in self.definition["sections"])


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    """The rows of one table of the dump as {field: text} (an empty element is '')."""
    node = root.find(table)
    if node is None:
        return []
    return [{child.tag: (child.text or "") for child in row} for row in node.iterfind("rows/row")]


TAGS = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def plain(text: str) -> str:
    """LimeSurvey's HTML texts as plain text: tags dropped, entities read, spaces collapsed."""
    text = re.sub(r"(?i)<br\s*/?>|</p>", " ", text)
    return SPACES.sub(" ", html.unescape(TAGS.sub("", text))).strip()


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _texts(rows: list[dict[str, str]], key: str, language: str, *fields: str) -> dict[str, dict]:
    """{row[key]: {field: text}} of the rows in ``language`` (rows without a language count)."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.get("language", language) not in (language, ""):
            continue
        found.setdefault(row[key], {f: row.get(f, "") for f in fields})
    return found


@dataclass
class _Items:
    """The items made so far: codes are unique and fit ``Item.code``, the rest is skipped."""

    skipped: list[Skipped] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)

    def add(
        self,
        section: dict[str, Any],
        qtype: str,
        required: bool,
        code: str,
        text: str,
        kind: str,
        **extra: Any,
    ) -> None:
        if len(code) > CODE_LIMIT:
            reason = f"its code is longer than {CODE_LIMIT} characters"
            self.skipped.append(Skipped(code, qtype, reason))
        elif code in self.codes:
            self.skipped.append(Skipped(code, qtype, "its code is used twice"))
        else:
            self.codes.add(code)
            item = {"code": code, "text": text, "type": kind, "required": required}
            section["items"].append(item | extra)

    def choice(
        self,
        section: dict[str, Any],
        qtype: str,
        required: bool,
        code: str,
        text: str,
        pairs: list[tuple[str, str]],
    ) -> None:
        if len(pairs) < 2:
            self.skipped.append(Skipped(code, qtype, "it has fewer than two answer options"))
            return
        options = [label or c for c, label in pairs]
        codes = [c for c, _label in pairs]
        self.add(
            section, qtype, required, code, text, "choice", options=options, option_codes=codes
        )


def parse_lss(content: bytes) -> LssSurvey:
    """Read an ``.lss`` file; :class:`LssError` when it is not one."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise LssError(_("The file is not readable XML (%(error)s).") % {"error": error}) from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise LssError(_("The file is not a LimeSurvey survey structure (.lss)."))
    surveys = _rows(root, "surveys")
    language = (surveys[0].get("language") if surveys else "") or (
        root.findtext("languages/language") or "en"
    )
    settings = _texts(
        _rows(root, "surveys_languagesettings"), "surveyls_survey_id", language, "surveyls_title"
    )
    survey_title = next(iter(settings.values()), {}).get("surveyls_title", "")
    # the rows name their language in "surveyls_language"
    for row in _rows(root, "surveys_languagesettings"):
        if row.get("surveyls_language") == language:
            survey_title = row.get("surveyls_title", survey_title)
            break

    groups = _rows(root, "groups")
    group_texts = _texts(groups, "gid", language, "group_name", "description")
    group_texts.update(
        {
            k: v
            for k, v in _texts(
                _rows(root, "group_l10ns"), "gid", language, "group_name", "description"
            ).items()
        }
    )
    questions = _rows(root, "questions")
    subquestions = _rows(root, "subquestions")
    question_texts = _texts(questions + subquestions, "qid", language, "question")
    question_texts.update(_texts(_rows(root, "question_l10ns"), "qid", language, "question"))

    answers = _rows(root, "answers")
    answer_texts = _texts(_rows(root, "answer_l10ns"), "aid", language, "answer")
    options_of: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    seen_answers: set[tuple[str, str, str]] = set()
    for row in answers:
        if row.get("scale_id", "0") not in ("0", ""):
            continue
        if "language" in row and row["language"] not in (language, ""):
            continue
        key = (row["qid"], row.get("scale_id", "0"), row["code"])
        if key in seen_answers:
            continue
        seen_answers.add(key)
        text = row.get("answer") or answer_texts.get(row.get("aid", ""), {}).get("answer", "")
        options_of[row["qid"]].append((_int(row.get("sortorder", "0")), row["code"], plain(text)))

    subs_of: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    seen_subs: set[str] = set()
    for row in subquestions + [q for q in questions if q.get("parent_qid", "0") not in ("0", "")]:
        if row["qid"] in seen_subs or row.get("scale_id", "0") not in ("0", ""):
            continue
        if "language" in row and row["language"] not in (language, ""):
            continue
        seen_subs.add(row["qid"])
        text = question_texts.get(row["qid"], {}).get("question", "")
        subs_of[row["parent_qid"]].append(
            (_int(row.get("question_order", "0")), row["title"], plain(text))
        )

    top: dict[str, dict[str, str]] = {}
    for row in questions:
        if row.get("parent_qid", "0") in ("0", "") and row["qid"] not in top:
            if "language" in row and row["language"] not in (language, ""):
                continue
            top[row["qid"]] = row
    by_group: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in top.values():
        by_group[row["gid"]].append(row)

    out = _Items()
    skipped = out.skipped
    sections: list[dict[str, Any]] = []
    with translation.override(language if language in ("id", "en") else "en"):
        fixed = {
            "Y": [("Y", _("Yes")), ("N", _("No"))],
            "G": [("F", _("Female")), ("M", _("Male"))],
            "A": [(str(i), str(i)) for i in range(1, 6)],
            "B": [(str(i), str(i)) for i in range(1, 11)],
            "C": [("Y", _("Yes")), ("U", _("Uncertain")), ("N", _("No"))],
            "E": [("I", _("Increase")), ("S", _("Same")), ("D", _("Decrease"))],
        }
    ordered_groups = sorted(
        {row["gid"] for row in groups} | set(by_group),
        key=lambda gid: (
            next((_int(g.get("group_order", "0")) for g in groups if g["gid"] == gid), 0),
            _int(gid),
        ),
    )
    for gid in ordered_groups:
        texts = group_texts.get(gid, {})
        section: dict[str, Any] = {
            "title": plain(texts.get("group_name", "")) or gid,
            "intro": plain(texts.get("description", "")),
            "items": [],
        }
        sections.append(section)
        rows = sorted(by_group.get(gid, []), key=lambda q: _int(q.get("question_order", "0")))
        for row in rows:
            qtype, title, qid = row.get("type", ""), row["title"], row["qid"]
            text = plain(question_texts.get(qid, {}).get("question", "")) or title
            required = row.get("mandatory", "N") == "Y"
            subs = [s[1:] for s in sorted(subs_of.get(qid, []))]
            options = [o[1:] for o in sorted(options_of.get(qid, []))]

            add = partial(out.add, section, qtype, required)
            choice = partial(out.choice, section, qtype, required)
            if qtype == "X":
                if section["items"]:
                    section = {"title": section["title"], "intro": text, "items": []}
                    sections.append(section)
                else:
                    section["intro"] = " ".join(p for p in (section["intro"], text) if p)
            elif qtype in SINGLE:
                choice(title, text, options)
            elif qtype in fixed and qtype in ("Y", "G"):
                choice(title, text, fixed[qtype])
            elif qtype in MULTIPLE:
                if len(subs) < 2:
                    skipped.append(Skipped(title, qtype, "it has fewer than two subquestions"))
                else:
                    add(
                        title,
                        text,
                        "multi_choice",
                        options=[label or c for c, label in subs],
                        option_codes=[c for c, _label in subs],
                    )
            elif qtype == "5":
                add(title, text, "likert", points=5, option_codes=[str(i) for i in range(1, 6)])
            elif qtype in ARRAY_WITH_ANSWERS or qtype in ("A", "B", "C", "E"):
                pairs = options if qtype in ARRAY_WITH_ANSWERS else fixed[qtype]
                if not subs:
                    skipped.append(Skipped(title, qtype, "the array has no subquestions"))
                for sub_code, sub_text in subs:
                    choice(
                        f"{title}_{sub_code}", f"{text}: {sub_text}" if text else sub_text, pairs
                    )
            elif qtype == "S":
                add(title, text, "short_text")
            elif qtype in ("T", "U"):
                add(title, text, "long_text")
            elif qtype in ("Q", "K"):
                kind = "short_text" if qtype == "Q" else "numeric"
                if not subs:
                    skipped.append(Skipped(title, qtype, "it has no subquestions"))
                for sub_code, sub_text in subs:
                    add(f"{title}_{sub_code}", f"{text}: {sub_text}" if text else sub_text, kind)
            elif qtype == "N":
                add(title, text, "numeric")
            elif qtype == "D":
                add(title, text, "date")
            else:
                reason = SKIP_REASONS.get(qtype, "this question type is not supported")
                skipped.append(Skipped(title, qtype, reason))
    sections = [s for s in sections if s["items"] or s["intro"]]
    return LssSurvey(
        title=plain(survey_title),
        language=language,
        definition={"scales": [], "sections": sections},
        skipped=skipped,
    )


def import_lss(
    *,
    filename: str,
    content: bytes,
    code: str,
    name: str = "",
    kind: str = InstrumentKind.REACTION,
    owner_id: int | None = None,
) -> tuple[LssSurvey, InstrumentImport]:
    """Create the instrument ``code`` from an ``.lss`` file, or its next version (as for .xlsx).
    Nothing is written when no question could be imported."""
    survey = parse_lss(content)
    result = InstrumentImport(definition=survey.definition)
    if not survey.n_items:
        result.errors.append(RowError(0, "file", _("No question of a supported type was found.")))
        return survey, result
    with transaction.atomic():
        instrument, _created = Instrument.objects.get_or_create(
            code=code.upper(),
            defaults={
                "name": name or survey.title or code.upper(),
                "kind": kind,
                "owner_id": owner_id,
            },
        )
        result.version = version_build(
            instrument=instrument,
            number=next_version_number(instrument),
            definition=survey.definition,
            note=filename,
        )
    result.written = True
    return survey, result


# Export -----------------------------------------------------------------------------------------

LSS = "application/xml"
DB_VERSION = "480"  # the LimeSurvey 5 layout (texts in *_l10ns tables), which 5.x and 6.x import
SURVEY_ID = "100000"


def _table(root: ET.Element, name: str, rows: list[dict[str, str]]) -> None:
    """One table of the dump: its field names, then its rows (element text is escaped by
    ElementTree, so any text is safe in the XML)."""
    if not rows:
        return
    table = ET.SubElement(root, name)
    fields = ET.SubElement(table, "fields")
    names = list(rows[0])
    for column in names:
        ET.SubElement(fields, "fieldname").text = column
    body = ET.SubElement(table, "rows")
    for row in rows:
        element = ET.SubElement(body, "row")
        for column in names:
            ET.SubElement(element, column).text = row.get(column, "")


def _lss_type(item: Any) -> str:
    """The LimeSurvey type the item is written as (the reverse of the import's table): a
    5-point Likert without labels of its own is ``5``; other Likert and choice items are lists
    (``L``) of their labels; several choices ``M``; texts ``S``/``T``; ``N``; ``D``."""
    if item.kind == "likert":
        return "5" if item.points == 5 and not item.options else "L"
    return {
        "choice": "L",
        "multi_choice": "M",
        "short_text": "S",
        "long_text": "T",
        "numeric": "N",
        "date": "D",
    }.get(item.kind, "T")


def export_lss(version: Any) -> bytes:
    """``version`` as a LimeSurvey survey structure (``.lss``) in the language of its texts
    (``LANGUAGE_CODE``): sections become question groups (the introduction as the group's
    description), items questions in order, options answers (or, for several choices,
    subquestions) with the option codes kept from an import, else ``A1``, ``A2``, … ."""
    from django.conf import settings

    language = settings.LANGUAGE_CODE.split("-")[0]
    instrument = version.instrument
    groups: list[dict[str, str]] = []
    group_texts: list[dict[str, str]] = []
    questions: list[dict[str, str]] = []
    subquestions: list[dict[str, str]] = []
    question_texts: list[dict[str, str]] = []
    answers: list[dict[str, str]] = []
    answer_texts: list[dict[str, str]] = []
    next_qid = 1

    def question(gid: int, parent: int, qtype: str, title: str, text: str, **more: str) -> int:
        nonlocal next_qid
        qid, next_qid = next_qid, next_qid + 1
        row = {
            "qid": str(qid),
            "parent_qid": str(parent),
            "sid": SURVEY_ID,
            "gid": str(gid),
            "type": qtype,
            "title": title,
            "other": "N",
            "mandatory": more.get("mandatory", "N"),
            "question_order": more.get("order", "1"),
            "scale_id": "0",
            "same_default": "0",
            "relevance": "1",
        }
        (subquestions if parent else questions).append(row)
        question_texts.append(
            {"id": str(qid), "qid": str(qid), "question": text, "help": "", "language": language}
        )
        return qid

    sections = version.sections.order_by("order").prefetch_related("items")
    for gid, section in enumerate(sections, start=1):
        groups.append(
            {"gid": str(gid), "sid": SURVEY_ID, "group_order": str(gid), "grelevance": "1"}
        )
        group_texts.append(
            {
                "id": str(gid),
                "gid": str(gid),
                "group_name": section.title,
                "description": section.intro,
                "language": language,
            }
        )
        for order, item in enumerate(section.items.order_by("position"), start=1):
            qtype = _lss_type(item)
            mandatory = "Y" if item.required else "N"
            qid = question(
                gid, 0, qtype, item.code, item.text, mandatory=mandatory, order=str(order)
            )
            labels = [label for _n, label in item.qtype.choices(item)]
            codes = list(item.option_codes or [])
            if len(codes) != len(labels):  # not imported from LimeSurvey: its usual codes
                pattern = "SQ{:03d}" if qtype == "M" else "A{}"
                codes = [pattern.format(n) for n in range(1, len(labels) + 1)]
            if qtype == "M":
                for n, (code, label) in enumerate(zip(codes, labels, strict=True), start=1):
                    question(gid, qid, "T", code, label, order=str(n))
            elif qtype == "L":
                for n, (code, label) in enumerate(zip(codes, labels, strict=True), start=1):
                    aid = str(len(answers) + 1)
                    answers.append(
                        {
                            "aid": aid,
                            "qid": str(qid),
                            "code": code,
                            "sortorder": str(n),
                            "assessment_value": "0",
                            "scale_id": "0",
                        }
                    )
                    answer_texts.append(
                        {"id": aid, "aid": aid, "answer": label, "language": language}
                    )
    root = ET.Element("document")
    ET.SubElement(root, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(root, "DBVersion").text = DB_VERSION
    ET.SubElement(ET.SubElement(root, "languages"), "language").text = language
    _table(root, "answers", answers)
    _table(root, "answer_l10ns", answer_texts)
    _table(root, "groups", groups)
    _table(root, "group_l10ns", group_texts)
    _table(root, "questions", questions)
    _table(root, "subquestions", subquestions)
    _table(root, "question_l10ns", question_texts)
    _table(
        root,
        "surveys",
        [{"sid": SURVEY_ID, "language": language, "additional_languages": "", "anonymized": "Y"}],
    )
    _table(
        root,
        "surveys_languagesettings",
        [
            {
                "surveyls_survey_id": SURVEY_ID,
                "surveyls_language": language,
                "surveyls_title": instrument.name,
                "surveyls_description": instrument.description,
            }
        ],
    )
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
