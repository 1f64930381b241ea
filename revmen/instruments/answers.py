"""Answer sheets: validation of submitted values and the compact byte encoding.

``answers[i]`` is the value for the item at position ``i``: 0 = missing; Likert 1..points;
choice 1..len(options). Text answers live beside them in a dict keyed by item code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from .models import Item, ItemKind

MAX_TEXT = 4000


@dataclass
class AnswerSheet:
    values: list[int]
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls, n_items: int) -> AnswerSheet:
        return cls(values=[0] * n_items)

    @classmethod
    def from_stored(
        cls, answers: bytes | memoryview, texts: Mapping[str, str], n_items: int
    ) -> AnswerSheet:
        values = list(bytes(answers))[:n_items]
        return cls(values=values + [0] * (n_items - len(values)), texts=dict(texts))

    def encode(self) -> bytes:
        return bytes(self.values)

    def is_answered(self, item: Item) -> bool:
        if item.is_text:
            return bool(self.texts.get(item.code, "").strip())
        return self.values[item.position] > 0


def answer_matrix(answers: Iterable[bytes | memoryview], width: int) -> np.ndarray:
    """Stored answer sheets as a respondents x ``width`` uint8 matrix (0 = missing); sheets
    saved under an older, shorter item list are padded, longer ones cut."""
    fitted = []
    for answer in answers:
        value = bytes(answer)[:width]
        fitted.append(value + bytes(width - len(value)))
    return np.frombuffer(b"".join(fitted), dtype=np.uint8).reshape(len(fitted), width)


def apply_post(
    sheet: AnswerSheet, items: Iterable[Item], data: Mapping[str, str]
) -> dict[str, str]:
    """Copy the posted answers for ``items`` into ``sheet``; return {item code: error}.

    A field left empty clears the answer (missing). Out-of-range or non-numeric values are
    refused with a message naming the allowed range, and the stored value is kept.
    """
    errors: dict[str, str] = {}
    for item in items:
        raw = (data.get(item.code) or "").strip()
        if item.is_text:
            if len(raw) > MAX_TEXT:
                errors[item.code] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
            elif raw:
                sheet.texts[item.code] = raw
            else:
                sheet.texts.pop(item.code, None)
            continue
        if raw == "":
            sheet.values[item.position] = 0
            continue
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if not 1 <= value <= item.max_value:
            errors[item.code] = _("Choose a value from 1 to %(max)s.") % {"max": item.max_value}
            continue
        sheet.values[item.position] = value
    return errors


def missing_required(sheet: AnswerSheet, items: Iterable[Item]) -> list[Item]:
    return [item for item in items if item.required and not sheet.is_answered(item)]


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


def item_choices(item: Item) -> list[tuple[int, str]]:
    if item.kind == ItemKind.LIKERT:
        custom = item.options if item.options else likert_labels(int(item.points or 0))
        return list(enumerate(custom, start=1))
    if item.kind == ItemKind.CHOICE:
        return list(enumerate(item.options, start=1))
    return []
