"""Accuracy and macro-F1 of a labeller on a labelled set (``label<TAB>text`` files).

Macro-F1 is the unweighted mean over the classes of ``F1 = 2PR / (P + R)`` (precision ``P``,
recall ``R``; a class never predicted has ``P = 0``), as in Sokolova & Lapalme (2009).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from revmen.text.affect import LABELS, score


@dataclass(frozen=True)
class Figures:
    n: int
    accuracy: float
    macro_f1: float
    f1: dict[str, float]


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """``(label, text)`` pairs; blank lines and lines starting with ``#`` are skipped."""
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label.strip() not in LABELS:
            raise ValueError(f"{path.name}:{number}: expected 'label<TAB>text'")
        rows.append((label.strip(), text.strip()))
    return rows


def figures(truth: Sequence[str], predicted: Sequence[str]) -> Figures:
    if len(truth) != len(predicted) or not truth:
        raise ValueError("need two labellings of the same non-empty set")
    f1: dict[str, float] = {}
    for label in LABELS:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if p == label != t)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    correct = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
    return Figures(len(truth), correct / len(truth), sum(f1.values()) / len(f1), f1)


def evaluate(
    rows: Sequence[tuple[str, str]], labeller: Callable[[str], str] | None = None
) -> Figures:
    label_of = labeller or (lambda text: score(text).label)
    return figures([label for label, _ in rows], [label_of(text) for _, text in rows])


def majority(rows: Sequence[tuple[str, str]]) -> Figures:
    """The majority-class baseline (ties broken by the order of ``LABELS``)."""
    counts = {label: sum(1 for t, _ in rows if t == label) for label in LABELS}
    top = max(LABELS, key=lambda label: counts[label])
    return figures([t for t, _ in rows], [top] * len(rows))
