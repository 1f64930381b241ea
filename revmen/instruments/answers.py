"""Answer sheets: validation of submitted values and the compact byte encoding.

``answers[i]`` is the value for the item at position ``i``: 0 = missing, else 1..the item's
``max_value`` (Likert: points; choice: options). Text answers live beside them in a dict keyed
by item code. What each kind accepts is its question type's business (``qtypes.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .models import Item


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
        return item.qtype.is_answered(self, item)


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
        error = item.qtype.apply(sheet, item, submitted(data, item))
        if error is not None:
            errors[item.code] = error
    return errors


def submitted(data: Mapping[str, str], item: Item) -> str:
    """What was posted for ``item``, stripped; the values of a several-choices input (one per
    ticked box in a form) joined by commas, the spelling its type reads."""
    getlist = getattr(data, "getlist", None)
    if item.qtype.multiple and getlist is not None:
        return ",".join(value.strip() for value in getlist(item.code) if value.strip())
    return (data.get(item.code) or "").strip()


def missing_required(sheet: AnswerSheet, items: Iterable[Item]) -> list[Item]:
    return [item for item in items if item.required and not sheet.is_answered(item)]
