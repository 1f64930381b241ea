"""Figures of the impact chain (Kirkpatrick's four levels): reaction → learning → behaviour →
results. Each level's own statistic lives in its module (``change`` for pre/post, ``multirater``
for 360°, ``skm`` for the IKM); this module holds what ties the levels together: a share with its
interval (projects alive, completed), a score on a common 0-100 axis, and the drop-out between
levels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as _st

from revmen.stats._arrays import as_vector
from revmen.stats.errors import InsufficientData, InvalidInput

CI_LEVEL = 0.95


@dataclass(frozen=True, slots=True)
class Proportion:
    """``k`` of ``n``: the share and its Wilson score interval, unrounded."""

    k: int
    n: int
    share: float
    ci: tuple[float, float]


def wilson_interval(k: int, n: int, level: float = CI_LEVEL) -> Proportion:
    """The share k/n with its Wilson score interval.

    Formula (z the two-sided normal quantile, p = k/n):
        centre = (p + z²/2n) / (1 + z²/n)
        half   = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)
        CI = centre ± half

    Unlike the Wald interval p ± z√(p(1−p)/n) it stays inside [0, 1] and keeps its coverage for
    small n and for p near 0 or 1 (0 of 12 projects stopped still has an upper bound).

    Edge cases: n = 0 raises :class:`InsufficientData`; k < 0, k > n or a level outside (0, 1)
    raise :class:`InvalidInput`.

    Reference: Wilson, E. B. (1927), *JASA* 22, 209-212; Newcombe, R. G. (1998), *Statistics in
    Medicine* 17, 857-872, method 3 (worked examples 81/263 → 0.2553-0.3662 and
    15/148 → 0.0624-0.1605).

    Example:
        >>> p = wilson_interval(81, 263)
        >>> round(p.share, 4), tuple(round(c, 4) for c in p.ci)
        (0.308, (0.2553, 0.3662))
    """
    if n == 0:
        raise InsufficientData("a share needs at least 1 case; got 0")
    if n < 0 or k < 0 or k > n:
        raise InvalidInput(f"a share needs 0 <= k <= n; got k = {k}, n = {n}")
    if not 0 < level < 1:
        raise InvalidInput(f"the confidence level must be between 0 and 1; got {level}")
    z = float(_st.norm.ppf(0.5 + level / 2))
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Proportion(k, n, p, (max(0.0, centre - half), min(1.0, centre + half)))


def pomp(x: npt.ArrayLike, low: float, high: float) -> npt.NDArray[np.float64]:
    """Scores as percent of the maximum possible (POMP): 0 = the scale's lowest answer, 100 =
    its highest, so that a 1-4 and a 1-5 questionnaire share one axis.

    Formula: POMP = (x − low) / (high − low) · 100. Missing values (NaN) stay missing.

    Edge cases: high <= low, or a value outside [low, high], raises :class:`InvalidInput`.

    Reference: Cohen, P., Cohen, J., Aiken, L. S. & West, S. G. (1999), "The problem of units
    and the circumstance for POMP", *Multivariate Behavioral Research* 34, 315-346.

    Example:
        >>> pomp([1, 3, 5], 1, 5).tolist()
        [0.0, 50.0, 100.0]
    """
    if not high > low:
        raise InvalidInput(f"the scale needs high > low; got {low} to {high}")
    values = as_vector(x)
    present = values[~np.isnan(values)]
    if present.size and (present.min() < low or present.max() > high):
        raise InvalidInput(f"a value lies outside the scale {low} to {high}")
    return np.asarray((values - low) / (high - low) * 100, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Step:
    """From one level to the next: how many were counted there, and the share kept."""

    level: str
    n: int
    kept: float | None  # n / n of the level before; None for the first level or after n = 0
    dropped: int | None  # n before − n; None for the first level


def dropout(levels: Sequence[tuple[str, int]]) -> list[Step]:
    """Drop-out along the chain: for each level after the first, the share of the previous
    level's n that is still counted, and how many were lost.

    Formula: kept_i = n_i / n_(i−1); dropped_i = n_(i−1) − n_i. A level can count more than the
    one before (other people answer the 360° than the test): ``kept`` is then above 1 and
    ``dropped`` negative, shown as they are rather than hidden.

    Edge cases: no levels gives ``[]``; a negative n raises :class:`InvalidInput`; after a level
    with n = 0, ``kept`` is ``None``.

    Reference: Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006), *Evaluating Training Programs*,
    3rd ed., ch. 3 (the chain of evidence); the ratio is a plain retention rate.

    Example:
        >>> [(s.level, s.kept) for s in dropout([("reaction", 20), ("learning", 15)])]
        [('reaction', None), ('learning', 0.75)]
    """
    steps: list[Step] = []
    previous: int | None = None
    for level, n in levels:
        if n < 0:
            raise InvalidInput(f"level {level}: n must not be negative; got {n}")
        if previous is None:
            steps.append(Step(level, n, None, None))
        else:
            steps.append(Step(level, n, n / previous if previous else None, previous - n))
        previous = n
    return steps
