"""Culture scores from answer counts: favourable shares per dimension, the index, the category.

Input is a count matrix per group: ``counts[item, value]`` = how many respondents gave ``value``
(1..7) to ``item``; column 0 counts missing answers. Counts add up across groups, so a unit's
subtree score is computed from the sum of its units' matrices, and a national wave is reported
from aggregates without touching the answers.

Definitions (as the national BerAKHLAK culture survey reports them):
- favourable = the top two points of a 4- or 5-point scale, the top three of a 6- or 7-point
  scale, after reverse-keying;
- dimension score = 100 x favourable answers / non-missing answers to the dimension's items
  (``None`` when the group gave none);
- index = mean of the non-missing dimension scores (``None`` if none);
- category: ``A`` (index >= 75) *Sehat*, ``B`` (>= 50) *Cukup Sehat*, ``C`` below *Tidak Sehat*
  (KemenPAN-RB, Indeks BerAKHLAK culture-health bands).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats

from .errors import InvalidInput

MAX_POINTS = 7
CATEGORY_BANDS: tuple[tuple[float, str, str], ...] = (
    (75.0, "A", "Sehat"),
    (50.0, "B", "Cukup Sehat"),
    (float("-inf"), "C", "Tidak Sehat"),
)


@dataclass(frozen=True)
class CultureScores:
    """One group's dimension scores (0-100 or None), index and category."""

    n: int
    dimensions: dict[str, float | None]
    index: float | None
    category: str | None
    category_label: str | None


def favourable_from(points: int) -> int:
    """The lowest favourable value on a ``points``-point scale (top 2 of 4-5, top 3 of 6-7).

    >>> favourable_from(5), favourable_from(7)
    (4, 5)
    """
    if points in (4, 5):
        return points - 1
    if points in (6, 7):
        return points - 2
    raise InvalidInput(f"culture items need 4 to 7 points; got {points}")


def category(index: float | None) -> tuple[str | None, str | None]:
    """The culture-health band of an index: ``("A", "Sehat")``, ``("B", …)`` or ``("C", …)``.

    >>> category(75.0), category(74.9), category(None)
    (('A', 'Sehat'), ('B', 'Cukup Sehat'), (None, None))
    """
    if index is None:
        return None, None
    for lower, letter, label in CATEGORY_BANDS:
        if index >= lower:
            return letter, label
    raise AssertionError("unreachable")  # pragma: no cover


def favourable_mask(points: Sequence[int], reverse: Sequence[bool]) -> npt.NDArray[np.bool_]:
    """items x (MAX_POINTS + 1) mask of the favourable cells of a count matrix.

    Reverse-keying maps value v to points + 1 - v, so for a reverse-keyed item the favourable
    cells are the bottom two (or three) values.
    """
    mask = np.zeros((len(points), MAX_POINTS + 1), dtype=bool)
    for row, (p, rev) in enumerate(zip(points, reverse, strict=True)):
        lowest = favourable_from(p)
        for value in range(1, p + 1):
            keyed = p + 1 - value if rev else value
            mask[row, value] = keyed >= lowest
    return mask


def culture_scores(
    counts: npt.ArrayLike,
    n: int,
    dimensions: Mapping[str, Sequence[int]],
    points: Sequence[int],
    reverse: Sequence[bool],
) -> CultureScores:
    """Dimension scores, index and category of one group from its count matrix.

    ``counts`` is items x (MAX_POINTS + 1); ``dimensions`` maps a dimension code to the row
    indices of its items; ``points`` and ``reverse`` describe each row. ``n`` (respondents) is
    carried through for the report.

    Edge cases: a dimension whose items have no non-missing answer scores ``None``; with no
    scored dimension the index and category are ``None``; n = 0 gives all ``None``.

    >>> c = np.zeros((2, 8)); c[0, 5] = 3; c[0, 2] = 1; c[1, 4] = 2; c[1, 0] = 2
    >>> s = culture_scores(c, 4, {"BP": [0, 1]}, [5, 5], [False, False])
    >>> s.dimensions["BP"], s.category
    (83.33333333333333, 'A')
    """
    matrix = np.asarray(counts, dtype=float)
    if matrix.ndim != 2 or matrix.shape != (len(points), MAX_POINTS + 1):
        raise InvalidInput(f"counts must be items x {MAX_POINTS + 1}; got {matrix.shape}")
    mask = favourable_mask(points, reverse)
    favourable = (matrix * mask).sum(axis=1)
    answered = matrix[:, 1:].sum(axis=1)
    scores: dict[str, float | None] = {}
    for code, rows in dimensions.items():
        total = float(answered[list(rows)].sum())
        scores[code] = 100.0 * float(favourable[list(rows)].sum()) / total if total > 0 else None
    present = [v for v in scores.values() if v is not None]
    index = float(np.mean(present)) if present else None
    letter, label = category(index)
    return CultureScores(n=n, dimensions=scores, index=index, category=letter, category_label=label)


@dataclass(frozen=True)
class Driver:
    dimension: str
    r: float | None
    p: float | None
    n: int


def drivers(
    dimension_shares: Mapping[str, npt.ArrayLike], outcome: npt.ArrayLike, *, min_n: int = 30
) -> list[Driver]:
    """Which dimensions go with the overall outcome: Pearson r between each respondent's
    favourable share on a dimension and their mean outcome answer, with its two-sided p
    (``scipy.stats.pearsonr``), over respondents with both; sorted by r, strongest first.

    ``None`` for r and p when fewer than ``min_n`` respondents have both, or either variable
    is constant (a correlation is undefined there).
    """
    y = np.asarray(outcome, dtype=float)
    result = []
    for code, values in dimension_shares.items():
        x = np.asarray(values, dtype=float)
        both = ~np.isnan(x) & ~np.isnan(y)
        n = int(both.sum())
        r = p = None
        if n >= min_n and np.ptp(x[both]) > 0 and np.ptp(y[both]) > 0:
            test = scipy_stats.pearsonr(x[both], y[both])
            r, p = float(test.statistic), float(test.pvalue)
        result.append(Driver(code, r, p, n))
    return sorted(result, key=lambda d: (d.r is None, -(d.r or 0.0)))


@dataclass(frozen=True)
class Benchmark:
    n: int
    median: float | None
    top_quartile: float | None


def benchmark(indices: Sequence[float]) -> Benchmark:
    """Median and top-quartile threshold (75th percentile, linear interpolation as in
    ``numpy.percentile``) of the agencies' indices; ``None`` when there are none.

    >>> benchmark([50.0, 60.0, 70.0, 80.0])
    Benchmark(n=4, median=65.0, top_quartile=72.5)
    """
    values = np.asarray([v for v in indices if v is not None], dtype=float)
    if values.size == 0:
        return Benchmark(0, None, None)
    return Benchmark(int(values.size), float(np.median(values)), float(np.percentile(values, 75)))


def respondent_shares(
    answers: npt.ArrayLike,
    dimensions: Mapping[str, Sequence[int]],
    points: Sequence[int],
    reverse: Sequence[bool],
) -> dict[str, npt.NDArray[np.float64]]:
    """Each respondent's favourable share (0-1) per dimension from their answer matrix
    (respondents x items, 0 = missing); NaN where they answered none of its items."""
    matrix = np.asarray(answers, dtype=np.int64)
    mask = favourable_mask(points, reverse)
    favourable = np.zeros(matrix.shape, dtype=float)
    for item in range(matrix.shape[1]):
        favourable[:, item] = mask[item][matrix[:, item]]
    answered = matrix > 0
    result = {}
    for code, rows in dimensions.items():
        cols = list(rows)
        count = answered[:, cols].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(count > 0, favourable[:, cols].sum(axis=1) / count, np.nan)
        result[code] = share
    return result


def culture_scores_many(
    counts: npt.ArrayLike,
    ns: Sequence[int],
    dimensions: Mapping[str, Sequence[int]],
    points: Sequence[int],
    reverse: Sequence[bool],
) -> list[CultureScores]:
    """:func:`culture_scores` for many groups at once (groups x items x 8), vectorised: the
    same numbers, computed in a handful of array operations instead of one call per group."""
    stack = np.asarray(counts, dtype=float)
    if stack.ndim != 3 or stack.shape[1:] != (len(points), MAX_POINTS + 1):
        raise InvalidInput(f"counts must be groups x items x {MAX_POINTS + 1}; got {stack.shape}")
    if stack.shape[0] != len(ns):
        raise InvalidInput("one respondent count per group")
    mask = favourable_mask(points, reverse)
    favourable = (stack * mask).sum(axis=2)
    answered = stack[:, :, 1:].sum(axis=2)
    codes = list(dimensions)
    fav = np.stack([favourable[:, list(dimensions[c])].sum(axis=1) for c in codes], axis=1)
    tot = np.stack([answered[:, list(dimensions[c])].sum(axis=1) for c in codes], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(tot > 0, 100.0 * fav / tot, np.nan)
    result = []
    for n, row in zip(ns, scores.tolist(), strict=True):  # plain floats: fast to read
        dims = {c: (None if math.isnan(v) else v) for c, v in zip(codes, row, strict=True)}
        present = [v for v in dims.values() if v is not None]
        value = math.fsum(present) / len(present) if present else None
        letter, label = category(value)
        result.append(
            CultureScores(
                n=int(n), dimensions=dims, index=value, category=letter, category_label=label
            )
        )
    return result
