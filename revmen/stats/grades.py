"""Final grades (kelulusan) from a programme's evaluation scheme, and combining raters.

The scheme is data: weighted components, predicate bands, a pass mark and a minimum attendance.

Formula::

    final = Σ (w_i × s_i) / Σ w_i          over the components with weight > 0
    shown = final rounded half up to 2 decimals (Decimal, no binary rounding)

``w_i`` are the weights as stored (percent; normalised by their sum, so a scheme whose weights
add to 100 gives the plain weighted sum, and one that does not is still a weighted mean). Every
decision uses ``shown``: a participant passes when ``shown > pass_mark`` and gets the predicate
of the highest band with ``shown > above``; so 90.00 is not above 90 and 90.01 is, and 90.005
becomes 90.01.

Outcome, in this order:

1. attendance rate (percent of JP) below ``min_attendance`` → *Tidak Lulus* (reason
   ``attendance``): nothing handed in later can repair it;
2. a component with weight > 0 has no score yet → *Ditunda* with the missing components and
   the deadline, or *Tidak Lulus* (reason ``deadline``) when ``today`` is past the deadline;
   the deadline day itself still counts as in time;
3. ``shown ≤ pass_mark`` → *Tidak Lulus* (reason ``score``);
4. otherwise *Lulus* with the predicate (``None`` when the score is above the pass mark but
   below every band).

Completing a *Ditunda* is calling the function again with the arriving scores: the result is
the deferred grade, not a correction.

Raters: several raters' scores of one participant on one component are combined by a rule
chosen per programme, ``mean`` (default) or ``median``; they *disagree* when the spread
(max − min) is strictly greater than the programme's gap.

Reference: LAN conventions (Peraturan LAN on Pelatihan Dasar / Kepemimpinan: weighted
components, predicates "Sangat Memuaskan > 90 ... Kurang Memuaskan > 60"); the thresholds are
the programme's data, never constants here.

Example: weights 20/20/60, scores 80/90/95 → 16 + 18 + 57 = 91.00, Lulus, "Sangat Memuaskan".
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from revmen.stats.errors import InvalidInput

HUNDREDTH = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
RULES = ("mean", "median")


class Outcome(enum.Enum):
    PASSED = "lulus"
    DEFERRED = "ditunda"
    FAILED = "tidak_lulus"


@dataclass(frozen=True, slots=True)
class ComponentScore:
    """One component: its key, weight (percent) and score 0-100 (``None`` = not yet scored)."""

    key: str
    weight: Decimal
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class Band:
    """A predicate given to a final score strictly above ``above``."""

    name: str
    above: Decimal


@dataclass(frozen=True, slots=True)
class Grade:
    """The result. ``final_score`` is the rounded score (``None`` while components are missing);
    ``missing`` the keys without a score, in the scheme's order; ``reasons`` why it is
    *Tidak Lulus* (``attendance``, ``deadline``, ``score``); ``deadline`` only when deferred."""

    outcome: Outcome
    final_score: Decimal | None
    predicate: str | None
    missing: tuple[str, ...]
    deadline: date | None
    reasons: tuple[str, ...]


def round_score(value: Decimal) -> Decimal:
    """``value`` rounded half up to two decimals (80.125 → 80.13)."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _check_percent(value: Decimal, what: str) -> None:
    if not value.is_finite() or not ZERO <= value <= HUNDRED:
        raise InvalidInput(f"{what} must be between 0 and 100; got {value}")


def _check(components: Sequence[ComponentScore], attendance_rate: Decimal) -> None:
    if not components:
        raise InvalidInput("a scheme needs at least one component")
    keys = [c.key for c in components]
    if len(set(keys)) != len(keys):
        raise InvalidInput("component keys must be unique")
    for c in components:
        _check_percent(c.weight, f"weight of {c.key}")
        if c.score is not None:
            _check_percent(c.score, f"score of {c.key}")
    if sum((c.weight for c in components), ZERO) <= ZERO:
        raise InvalidInput("the weights must add up to more than 0")
    _check_percent(attendance_rate, "attendance rate")


def weighted_score(components: Sequence[ComponentScore]) -> Decimal | None:
    """Σ w·s / Σ w over weighted components, unrounded; ``None`` if one is missing."""
    weighted = [c for c in components if c.weight > ZERO]
    if any(c.score is None for c in weighted):
        return None
    total = sum((c.weight for c in weighted), ZERO)
    return sum((c.weight * (c.score or ZERO) for c in weighted), ZERO) / total


def predicate_for(score: Decimal, bands: Sequence[Band]) -> str | None:
    """The highest band whose threshold the (rounded) score is strictly above."""
    for band in sorted(bands, key=lambda b: b.above, reverse=True):
        if score > band.above:
            return band.name
    return None


def final_grade(
    *,
    components: Sequence[ComponentScore],
    bands: Sequence[Band],
    pass_mark: Decimal,
    min_attendance: Decimal,
    attendance_rate: Decimal,
    deadline: date | None,
    today: date,
) -> Grade:
    """The outcome of one participant (see the module docstring for the rule)."""
    _check(components, attendance_rate)
    missing = tuple(c.key for c in components if c.weight > ZERO and c.score is None)
    raw = weighted_score(components)
    shown = None if raw is None else round_score(raw)
    if attendance_rate < min_attendance:
        return Grade(Outcome.FAILED, shown, None, missing, None, ("attendance",))
    if shown is None:
        if deadline is not None and today > deadline:
            return Grade(Outcome.FAILED, None, None, missing, None, ("deadline",))
        return Grade(Outcome.DEFERRED, None, None, missing, deadline, ())
    if shown <= pass_mark:
        return Grade(Outcome.FAILED, shown, None, (), None, ("score",))
    return Grade(Outcome.PASSED, shown, predicate_for(shown, bands), (), None, ())


def combine_raters(scores: Sequence[Decimal], *, rule: str = "mean") -> Decimal | None:
    """Several raters' scores as one: ``mean`` or ``median``; ``None`` without scores."""
    if rule not in RULES:
        raise InvalidInput(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")
    if not scores:
        return None
    if rule == "mean":
        return sum(scores, ZERO) / len(scores)
    ordered = sorted(scores)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def raters_disagree(scores: Sequence[Decimal], *, gap: Decimal) -> bool:
    """True when the spread of the raters' scores (max − min) is strictly above ``gap``."""
    if len(scores) < 2:
        return False
    return max(scores) - min(scores) > gap
