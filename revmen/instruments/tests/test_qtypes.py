"""Question types: one registered per item kind, each validating and storing its own answers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.template.loader import get_template, render_to_string
from django.utils import translation
from openpyxl import Workbook

from revmen.instruments.answers import AnswerSheet, apply_post, missing_required
from revmen.instruments.models import Item, ItemKind
from revmen.instruments.qtypes import (
    KEY,
    MAX_TEXT,
    QTYPES,
    SCALE,
    QuestionType,
    Rule,
    UnknownItemKind,
    ValueType,
    choice_value,
    likert_labels,
    qtype_for,
    read_sheet,
    register,
)
from revmen.instruments.spreadsheet import parse_items


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def item(kind: str, **fields: Any) -> Item:
    """An unsaved item at position 0: the types need no database."""
    return Item(kind=kind, position=0, code="Q1", text="?", **fields)


LIKERT5 = item("likert", points=5)
CHOICE3 = item("choice", options=["a", "b", "c"], key=2)
SHORT = item("short_text")
LONG = item("long_text")


def test_it_registers_one_type_for_every_item_kind_in_the_same_order() -> None:
    assert list(QTYPES) == list(ItemKind.values)
    assert all(qtype_for(kind).kind == kind for kind in ItemKind.values)


@pytest.mark.parametrize("kind", ItemKind.values)
def test_it_has_a_template_snippet_for_every_type(kind: str) -> None:
    assert get_template(qtype_for(kind).template)


def test_it_fails_loudly_on_an_unknown_kind() -> None:
    with pytest.raises(UnknownItemKind, match="'rubric'"):
        qtype_for("rubric")
    stray = item("rubric")
    with pytest.raises(UnknownItemKind):
        _ = stray.is_text
    with pytest.raises(UnknownItemKind):
        apply_post(AnswerSheet.empty(1), [stray], {"Q1": "1"})


def test_it_refuses_to_register_a_kind_that_is_not_an_item_kind_or_is_taken() -> None:
    class Rubric(ValueType):
        kind = "rubric"

    class SecondLikert(ValueType):
        kind = "likert"

    with pytest.raises(UnknownItemKind):
        register(Rubric)
    with pytest.raises(ValueError, match="two question types"):
        register(SecondLikert)
    assert type(QTYPES["likert"]).__name__ == "Likert"


@pytest.mark.parametrize(
    "it, raw, stored, error",
    [
        (LIKERT5, "3", 3, None),
        (LIKERT5, "5", 5, None),
        (LIKERT5, "", 0, None),
        (LIKERT5, "6", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "0", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "x", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "2.0", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "+3", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "\u0663", 4, "Choose a value from 1 to 5."),  # an Arabic-Indic 3
        (LIKERT5, "0004", 4, "Choose a value from 1 to 5."),
        (LIKERT5, "03", 3, None),
        (CHOICE3, "3", 3, None),
        (CHOICE3, "4", 4, "Choose a value from 1 to 3."),
        (CHOICE3, "", 0, None),
    ],
)
def test_a_value_type_stores_one_byte_or_keeps_the_old_one(
    it: Item, raw: str, stored: int, error: str | None
) -> None:
    sheet = AnswerSheet(values=[4])
    assert it.qtype.apply(sheet, it, raw) == error
    assert sheet.values == [stored]
    assert sheet.texts == {}
    assert it.qtype.is_answered(sheet, it) is (stored > 0)


@pytest.mark.parametrize("it", [SHORT, LONG])
def test_a_text_type_keeps_its_answer_beside_the_bytes(it: Item) -> None:
    sheet = AnswerSheet(values=[0], texts={"Q1": "old"})
    assert it.qtype.apply(sheet, it, "Lebih sigap.") is None
    assert (sheet.values, sheet.texts) == ([0], {"Q1": "Lebih sigap."})
    too_long = "x" * (MAX_TEXT + 1)
    assert it.qtype.apply(sheet, it, too_long) == f"At most {MAX_TEXT} characters."
    assert sheet.texts == {"Q1": "Lebih sigap."}
    assert it.qtype.apply(sheet, it, "x" * MAX_TEXT) is None
    assert it.qtype.apply(sheet, it, "") is None
    assert sheet.texts == {}
    assert not it.qtype.is_answered(AnswerSheet(values=[0], texts={"Q1": "  "}), it)


def test_apply_post_strips_and_collects_the_errors_by_code() -> None:
    items = [
        Item(kind="likert", points=4, position=0, code="A", text="?"),
        Item(kind="long_text", position=1, code="B", text="?", required=False),
        Item(kind="choice", options=["x", "y"], position=2, code="C", text="?"),
    ]
    sheet = AnswerSheet.empty(3)
    errors = apply_post(sheet, items, {"A": " 4 ", "B": "  kata  ", "C": "3"})
    assert errors == {"C": "Choose a value from 1 to 2."}
    assert (sheet.encode(), sheet.texts) == (bytes([4, 0, 0]), {"B": "kata"})
    assert [i.code for i in missing_required(sheet, items)] == ["C"]


@pytest.mark.parametrize(
    "it, max_value, is_text, scoring",
    [(LIKERT5, 5, False, SCALE), (CHOICE3, 3, False, KEY), (SHORT, 0, True, None)],
)
def test_each_type_says_how_it_is_stored_and_scored(
    it: Item, max_value: int, is_text: bool, scoring: str | None
) -> None:
    assert (it.max_value, it.is_text, it.qtype.scoring) == (max_value, is_text, scoring)


def test_the_choices_are_numbered_from_one() -> None:
    assert CHOICE3.qtype.choices(CHOICE3) == [(1, "a"), (2, "b"), (3, "c")]
    assert LIKERT5.qtype.choices(LIKERT5)[2] == (3, "Neutral")
    custom = item("likert", points=4, options=["Never", "Rarely", "Often", "Always"])
    assert custom.qtype.choices(custom)[0] == (1, "Never")
    assert likert_labels(3) == ["1", "2", "3"]
    assert SHORT.qtype.choices(SHORT) == []


@pytest.mark.parametrize(
    "kind, points, options, columns",
    [
        ("likert", 5, [], []),
        ("likert", None, [], ["points"]),
        ("likert", 8, [], ["points"]),
        ("likert", 4, ["a", "b", "c"], ["options"]),
        ("choice", None, ["a"], ["options"]),
        ("choice", None, ["a", "b"], []),
        ("short_text", 9, ["a"], []),
    ],
)
def test_each_type_checks_its_spreadsheet_columns(
    kind: str, points: int | None, options: list[str], columns: list[str]
) -> None:
    errors = qtype_for(kind).definition_errors(points=points, options=options)
    assert [column for column, _reason in errors] == columns


def test_a_row_of_unknown_type_names_the_registered_types_and_keeps_its_other_errors() -> None:
    workbook = Workbook()
    workbook.active.append(["code", "text", "type", "reverse", "key"])
    workbook.active.append(["R1", "?", "rubric", "yes", "1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = [str(e) for e in parse_items("r.xlsx", buffer.getvalue()).errors]
    assert errors == [
        "row 2: type: must be one of likert, choice, short_text, long_text, multi_choice, numeric, "
        "date",
        "row 2: key: must be the number of one of the options",
        "row 2: reverse: only Likert items can be reverse-keyed",
    ]


@pytest.mark.parametrize(
    "it, expected",
    [
        (LIKERT5, '<input type="radio" name="Q1" value="3" checked> Neutral'),
        (CHOICE3, '<input type="radio" name="Q1" value="2"> b'),
        (SHORT, '<input type="text" name="Q1" value="teks" maxlength="4000">'),
        (LONG, '<textarea name="Q1" rows="4" maxlength="4000">teks</textarea>'),
    ],
)
def test_each_type_renders_its_own_input(it: Item, expected: str) -> None:
    qtype: QuestionType = it.qtype
    f = {"item": it, "qtype": qtype, "choices": qtype.choices(it), "value": 3, "text": "teks"}
    assert expected in render_to_string(qtype.template, {"f": f})


def test_choice_value_takes_a_few_ascii_digits_in_range_only() -> None:
    accepted = {raw: choice_value(raw, 5) for raw in ("1", "5", "005", "6", "0", "", "x", "1e0")}
    assert accepted == {"1": 1, "5": 5, "005": 5, "6": 0, "0": 0, "": 0, "x": 0, "1e0": 0}
    assert choice_value("9" * 5000, 5) == 0  # refused before ``int`` reads it


def test_each_type_describes_its_item_as_a_rule() -> None:
    assert LIKERT5.qtype.rule(LIKERT5) == Rule("Q1", 0, 5, 0, True)
    assert CHOICE3.qtype.rule(CHOICE3) == Rule("Q1", 0, 3, 0, True)
    optional = item("long_text", required=False)
    assert optional.qtype.rule(optional) == Rule("Q1", 0, 0, MAX_TEXT, False)


SHEET = [
    Item(kind="likert", points=5, position=0, code="A", text="?"),
    Item(kind="choice", options=["x", "y"], position=1, code="B", text="?", required=False),
    Item(kind="short_text", position=2, code="C", text="?", required=False),
    Item(kind="long_text", position=3, code="D", text="?"),
    Item(kind="multi_choice", options=["x", "y", "z"], position=4, code="E", text="?"),
    Item(kind="numeric", position=5, code="F", text="?", required=False),
    Item(kind="date", position=6, code="G", text="?", required=False),
]
RAWS = ["", "  ", "1", " 2 ", "3", "5", "6", "0", "x", "02", "0004", "²", "x" * (MAX_TEXT + 1)]
RAWS += ["3,1", "1,,2", "1.5", "12,5", "-0", "1.000,5", "1e3"]
RAWS += ["2024-05-31", "31/05/2024", "30/02/2024"]
DEFAULTS = {"C": "teks", "G": "2024-01-02"}


@pytest.mark.parametrize("raw", RAWS)
@pytest.mark.parametrize("code", [i.code for i in SHEET])
def test_read_sheet_agrees_with_apply_and_the_required_check(code: str, raw: str) -> None:
    """The intake's fast check gives what the answer page's gives, item by item."""
    data = {i.code: DEFAULTS.get(i.code, "1") for i in SHEET} | {code: raw}
    slow = AnswerSheet.empty(len(SHEET))
    refused = apply_post(slow, SHEET, data)
    missing = {i.code: "An answer is required." for i in missing_required(slow, SHEET)}
    rules = [i.qtype.rule(i) for i in SHEET]
    answers, texts, errors = read_sheet(rules, len(SHEET), data)
    assert errors == missing | refused
    if not errors:
        assert (answers, texts) == (slow.encode(), slow.texts)


SEVERAL = item("multi_choice", options=["a", "b", "c"])
NUMBER = item("numeric")
DAY = item("date")


@pytest.mark.parametrize(
    "it, raw, stored, error",
    [
        (SEVERAL, "3,1", "1,3", None),
        (SEVERAL, "2, 2", "2", None),
        (SEVERAL, "1,4", None, "Choose a value from 1 to 3."),
        (SEVERAL, "1,,2", None, "Choose a value from 1 to 3."),
        (NUMBER, "12,5", "12.5", None),
        (NUMBER, "-007.50", "-7.5", None),
        (NUMBER, "-0", "0", None),
        (NUMBER, "100", "100", None),
        (NUMBER, "1.000,5", None, "Give a number, e.g. 12 or 12,5 (no thousands separators)."),
        (NUMBER, "1e3", None, "Give a number, e.g. 12 or 12,5 (no thousands separators)."),
        (NUMBER, "١٢", None, "Give a number, e.g. 12 or 12,5 (no thousands separators)."),
        (DAY, "31/05/2024", "2024-05-31", None),
        (DAY, "2024-05-31", "2024-05-31", None),
        (DAY, "30/02/2024", None, "Give a date as YYYY-MM-DD or DD/MM/YYYY."),
    ],
)
def test_several_choices_numbers_and_dates_are_kept_in_one_spelling(
    it: Item, raw: str, stored: str | None, error: str | None
) -> None:
    sheet = AnswerSheet(values=[0], texts={"Q1": "old"})
    assert it.qtype.apply(sheet, it, raw) == error
    assert sheet.texts["Q1"] == (stored if error is None else "old")  # a refusal keeps the old


def test_ticked_boxes_arrive_as_several_values_of_one_field() -> None:
    from django.http import QueryDict

    sheet = AnswerSheet.empty(1)
    assert apply_post(sheet, [SEVERAL], QueryDict("Q1=3&Q1=1&Q1=")) == {}
    assert sheet.texts == {"Q1": "1,3"}
    assert SEVERAL.qtype.selected(sheet, SEVERAL) == {1, 3}
    html = render_to_string(
        SEVERAL.qtype.template,
        {"f": {"item": SEVERAL, "choices": SEVERAL.qtype.choices(SEVERAL), "selected": {1, 3}}},
    )
    assert '<input type="checkbox" name="Q1" value="3" checked> c' in html
    assert '<input type="checkbox" name="Q1" value="2"> b' in html
