"""Question types: one class per ``ItemKind``, registered by its value.

A type knows everything that differs between kinds: how a submitted value is validated and
stored in an :class:`~revmen.instruments.answers.AnswerSheet` (a byte 1..``max_value`` at the
item's position, or a text beside the bytes), which choices its input offers and which
template snippet renders it (``instruments/qtypes/<kind>.html``), what an instrument
spreadsheet may say about it (points, options, key, reverse), and how it is scored.

How to add a type (say ``rubric``):

1. add ``RUBRIC = "rubric", _("Rubric")`` to ``ItemKind`` (and ``makemigrations``);
2. write ``class Rubric(ValueType)`` (or ``TextType``) below with ``@register``;
3. write ``templates/instruments/qtypes/rubric.html``, the input the answer page includes; it
   gets ``f`` with ``item``, ``qtype``, ``choices``, ``value`` (stored number), ``text`` and
   ``error``.

``tests/test_qtypes.py`` fails while an ``ItemKind`` has no type or a type has no snippet.

The intake endpoint (``intake.py``) checks a whole sheet per request without items or method
calls per answer: each type describes an item once as a :class:`Rule` (a value 1..``top`` in the
bytes, or a text of at most ``max_length``, optionally brought to its one stored spelling by
``parse``) and :func:`read_sheet` checks the sheet by those rules, with the same parsing and
messages as ``apply`` (tested to agree). A type stored in another way must extend ``Rule`` and
``read_sheet``.

Answers that are not one small number (several choices, a number, a date) are kept as texts in
one canonical spelling: ``"1,3"`` (the chosen options' numbers, ascending), ``"-12.5"`` (a
decimal with a point, no exponent, no thousands separators), ``"2024-05-31"`` (ISO 8601).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, NamedTuple, TypeVar

from django.utils.translation import gettext as _

from revmen.core.storable import ERR_UNSTORABLE, is_storable

from .models import ItemKind

if TYPE_CHECKING:
    from .answers import AnswerSheet
    from .models import Item

MAX_TEXT = 4000  # the longest text answer kept (the answer pages' maxlength too)
SCALE = "scale"  # scored: counts towards its scale's score (mean of the items)
KEY = "key"  # scored: right or wrong against the item's key (knowledge tests)


class UnknownItemKind(LookupError):
    """An item kind without a registered question type: a bug or a bad row, never ignored."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no question type is registered for item kind {kind!r}")
        self.kind = kind


def choice_value(raw: str, top: int) -> int:
    """The value 1..``top`` that a submitted ``raw`` (stripped) names, else 0.

    ASCII digits only, at most three: ``int`` would also take ``+3``, ``3_0``, other scripts'
    digits and, slowly, a very long number.
    """
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 0
    return value if value <= top else 0


def out_of_range(top: int) -> str:
    return _("Choose a value from 1 to %(max)s.") % {"max": top}


def too_long(limit: int) -> str:
    return _("At most %(n)s characters.") % {"n": limit}


def unstorable() -> str:
    return _(ERR_UNSTORABLE)


def unanswered() -> str:
    return _("An answer is required.")


class Rule(NamedTuple):
    """One item as plain data, built once per version (:meth:`QuestionType.rule`), so that
    :func:`read_sheet` checks a sheet without touching items (a tuple unpacks fastest)."""

    code: str
    position: int
    top: int  # a value type stores 1..top at ``position`` in the bytes; 0 for a text type
    max_length: int  # a text type keeps at most this many characters; 0 for a value type
    required: bool
    # a text type stored in one spelling: raw text -> stored text, or InvalidAnswer
    parse: Callable[[str], str] | None = None


class InvalidAnswer(ValueError):
    """A submitted text that its type cannot read; the message is shown beside the item."""


class QuestionType:
    """What every question type answers; see the module docstring."""

    kind: ClassVar[str]
    is_text: ClassVar[bool] = False  # the answer is kept in ``AnswerSheet.texts``
    has_points: ClassVar[bool] = False  # the ``points`` column means something
    reversible: ClassVar[bool] = False  # may be reverse-keyed
    scoring: ClassVar[str | None] = None  # SCALE, KEY or None (not scored)
    multiple: ClassVar[bool] = False  # the input sends several values under the item's code

    @property
    def template(self) -> str:
        return f"instruments/qtypes/{self.kind}.html"

    def max_value(self, item: Item) -> int:
        """The largest value stored in the answer bytes (0: nothing stored there)."""
        return 0

    def choices(self, item: Item) -> list[tuple[int, str]]:
        """(stored value, label) pairs the input offers, lowest first."""
        return []

    def is_answered(self, sheet: AnswerSheet, item: Item) -> bool:
        raise NotImplementedError

    def apply(self, sheet: AnswerSheet, item: Item, raw: str) -> str | None:
        """Store the submitted ``raw`` (stripped) in ``sheet``, or return why it is refused
        (the stored answer is then kept). An empty ``raw`` clears the answer."""
        raise NotImplementedError

    def definition_errors(self, *, points: int | None, options: list[str]) -> list[tuple[str, str]]:
        """(column, reason) for the ``points`` and ``options`` of a spreadsheet row."""
        return []

    def rule(self, item: Item) -> Rule:
        """``item``'s rule for :func:`read_sheet`."""
        raise NotImplementedError

    def selected(self, sheet: AnswerSheet, item: Item) -> frozenset[int]:
        """The option numbers chosen (for inputs that offer several)."""
        return frozenset()


class ValueType(QuestionType):
    """Answered by choosing one of ``choices``; stored as its number in the answer bytes."""

    def is_answered(self, sheet: AnswerSheet, item: Item) -> bool:
        return sheet.values[item.position] > 0

    def apply(self, sheet: AnswerSheet, item: Item, raw: str) -> str | None:
        if raw == "":
            sheet.values[item.position] = 0
            return None
        top = self.max_value(item)
        value = choice_value(raw, top)
        if not value:
            return out_of_range(top)
        sheet.values[item.position] = value
        return None

    def rule(self, item: Item) -> Rule:
        return Rule(item.code, item.position, self.max_value(item), 0, item.required)


class TextType(QuestionType):
    """Answered in words; kept in ``AnswerSheet.texts`` under the item's code."""

    is_text = True
    max_length = MAX_TEXT

    def is_answered(self, sheet: AnswerSheet, item: Item) -> bool:
        return bool(sheet.texts.get(item.code, "").strip())

    def parser(self, item: Item) -> Callable[[str], str] | None:
        """How a submitted text becomes the stored one (``None``: kept as written)."""
        return None

    def apply(self, sheet: AnswerSheet, item: Item, raw: str) -> str | None:
        if len(raw) > self.max_length:
            return too_long(self.max_length)
        if not is_storable(raw):
            return unstorable()
        if raw and (parse := self.parser(item)) is not None:
            try:
                raw = parse(raw)
            except InvalidAnswer as refused:
                return str(refused)
        if raw:
            sheet.texts[item.code] = raw
        else:
            sheet.texts.pop(item.code, None)
        return None

    def rule(self, item: Item) -> Rule:
        return Rule(item.code, item.position, 0, self.max_length, item.required, self.parser(item))


def read_sheet(
    rules: Iterable[Rule], width: int, data: Mapping[str, str]
) -> tuple[bytes, dict[str, str], dict[str, str]]:
    """(answer bytes, texts, {code: error}) of a new sheet from submitted ``data``: what
    ``apply`` on every item and then the required check give, one message per code. The fast
    path of the intake, so the loop is plain tuples and ``choice_value``."""
    values = bytearray(width)
    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    for code, position, top, max_length, required, parse in rules:
        raw = (data.get(code) or "").strip()
        if not raw:
            if required:
                errors[code] = unanswered()
        elif max_length:
            if len(raw) > max_length:
                errors[code] = too_long(max_length)
            elif not is_storable(raw):
                errors[code] = unstorable()
            elif parse is None:
                texts[code] = raw
            else:
                try:
                    texts[code] = parse(raw)
                except InvalidAnswer as refused:
                    errors[code] = str(refused)
        elif value := choice_value(raw, top):
            values[position] = value
        else:
            errors[code] = out_of_range(top)
    return bytes(values), texts, errors


QTYPES: dict[str, QuestionType] = {}
T = TypeVar("T", bound=type[QuestionType])


def register(cls: T) -> T:
    """Class decorator: make ``cls`` the question type of ``cls.kind``."""
    if cls.kind not in ItemKind.values:
        raise UnknownItemKind(cls.kind)
    if cls.kind in QTYPES:
        raise ValueError(f"item kind {cls.kind!r} has two question types")
    QTYPES[cls.kind] = cls()
    return cls


def qtype_for(kind: str) -> QuestionType:
    """The registered type of ``kind``; :class:`UnknownItemKind` when there is none."""
    try:
        return QTYPES[kind]
    except KeyError:
        raise UnknownItemKind(kind) from None


def likert_labels(points: int) -> list[str]:
    """Indonesian labels for the usual agreement scales; numbers for other lengths."""
    labels = {
        4: [_("Strongly disagree"), _("Disagree"), _("Agree"), _("Strongly agree")],
        5: [_("Strongly disagree"), _("Disagree"), _("Neutral"), _("Agree"), _("Strongly agree")],
        6: [
            _("Strongly disagree"),
            _("Disagree"),
            _("Somewhat disagree"),
            _("Somewhat agree"),
            _("Agree"),
            _("Strongly agree"),
        ],
        7: [
            _("Strongly disagree"),
            _("Disagree"),
            _("Somewhat disagree"),
            _("Neutral"),
            _("Somewhat agree"),
            _("Agree"),
            _("Strongly agree"),
        ],
    }
    return labels.get(points, [str(i) for i in range(1, points + 1)])


@register
class Likert(ValueType):
    """An agreement scale of ``points`` (4-7 in spreadsheets); custom labels in ``options``."""

    kind = "likert"
    has_points = True
    reversible = True
    scoring = SCALE

    def max_value(self, item: Item) -> int:
        return int(item.points or 0)

    def choices(self, item: Item) -> list[tuple[int, str]]:
        labels = item.options if item.options else likert_labels(int(item.points or 0))
        return list(enumerate(labels, start=1))

    def definition_errors(self, *, points: int | None, options: list[str]) -> list[tuple[str, str]]:
        errors = []
        if points is None or not 4 <= points <= 7:
            errors.append(("points", _("a Likert item needs 4, 5, 6 or 7 points")))
        if options and points is not None and len(options) != points:
            errors.append(
                ("options", _("give exactly one label per point (%(n)s)") % {"n": points})
            )
        return errors


@register
class Choice(ValueType):
    """One of ``options``; with a ``key`` it is a knowledge-test question."""

    kind = "choice"
    scoring = KEY

    def max_value(self, item: Item) -> int:
        return len(item.options)

    def choices(self, item: Item) -> list[tuple[int, str]]:
        return list(enumerate(item.options, start=1))

    def definition_errors(self, *, points: int | None, options: list[str]) -> list[tuple[str, str]]:
        if len(options) < 2:
            reason = _("a multiple-choice item needs at least two options separated by |")
            return [("options", reason)]
        return []


@register
class ShortText(TextType):
    kind = "short_text"


@register
class LongText(TextType):
    kind = "long_text"


def multi_choice_parser(count: int) -> Callable[[str], str]:
    """Reads ``"3,1"`` (option numbers separated by commas, as checkboxes send them joined)."""

    def parse(raw: str) -> str:
        chosen = set()
        for part in raw.split(","):
            value = choice_value(part.strip(), count)
            if not value:
                raise InvalidAnswer(out_of_range(count))
            chosen.add(value)
        return ",".join(str(value) for value in sorted(chosen))

    return parse


@register
class MultiChoice(TextType):
    """Any number of ``options``; stored as the chosen numbers, ascending (``"1,3"``)."""

    kind = "multi_choice"
    max_length = 400
    multiple = True

    def choices(self, item: Item) -> list[tuple[int, str]]:
        return list(enumerate(item.options, start=1))

    def parser(self, item: Item) -> Callable[[str], str]:
        return multi_choice_parser(len(item.options))

    def selected(self, sheet: AnswerSheet, item: Item) -> frozenset[int]:
        stored = sheet.texts.get(item.code, "")
        return frozenset(int(part) for part in stored.split(",") if part.isdigit())

    def definition_errors(self, *, points: int | None, options: list[str]) -> list[tuple[str, str]]:
        if len(options) < 2:
            reason = _("an item with several choices needs at least two options separated by |")
            return [("options", reason)]
        return []


# A number as people type it: an optional sign, digits with an optional decimal comma or point.
# Thousands separators are refused rather than guessed ("1.000" is one thousand in Indonesian
# and one in English).
NUMBER = re.compile(r"[+-]?[0-9]{1,15}([.,][0-9]{1,6})?")


def parse_number(raw: str) -> str:
    if not NUMBER.fullmatch(raw):
        raise InvalidAnswer(_("Give a number, e.g. 12 or 12,5 (no thousands separators)."))
    text = format(Decimal(raw.replace(",", ".")).normalize(), "f")  # the pattern: a decimal
    return "0" if text in ("-0", "+0") else text


@register
class Numeric(TextType):
    """A number; stored as a decimal with a point (``"12.5"``)."""

    kind = "numeric"
    max_length = 40

    def parser(self, item: Item) -> Callable[[str], str]:
        return parse_number


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def parse_date(raw: str) -> str:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, pattern).date().isoformat()
        except ValueError:
            continue
    raise InvalidAnswer(_("Give a date as YYYY-MM-DD or DD/MM/YYYY."))


@register
class Date(TextType):
    """A calendar date; stored as ISO 8601 (``"2024-05-31"``)."""

    kind = "date"
    max_length = 20

    def parser(self, item: Item) -> Callable[[str], str]:
        return parse_date
