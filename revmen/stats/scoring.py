"""Item scoring: reverse-keying and per-person scale scores with a missing-items rule.

Matrices are people x items (rows x columns), NaN for an unanswered item. Everything is
vectorised: 100,000 people x 40 items score in a few milliseconds.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from revmen.stats._arrays import FloatArray, as_matrix, as_vector
from revmen.stats.errors import InsufficientData, InvalidInput

DEFAULT_MIN_FRACTION = 2 / 3

# min_fraction · k is computed in binary floating point: 2/3 · 9 = 6.000000000000001 on some
# paths. Products within this distance of an integer count as that integer.
_INTEGER_SLACK = 1e-9


def reverse_key(
    values: npt.ArrayLike,
    reverse_mask: npt.ArrayLike,
    scale_min: float,
    scale_max: float,
) -> FloatArray:
    """Reverse-key the flagged items: x' = scale_min + scale_max − x.

    ``values`` is people x items (a 1-D array is read as one person's items); ``reverse_mask``
    holds one boolean per item, ``True`` for the items to reverse. A new array is returned;
    NaN stays NaN.

    Assumptions: the answers lie on the closed scale [scale_min, scale_max] (e.g. 1..5).

    Edge cases:
        - n = 0 people: returns an empty array of the same shape.
        - all missing: NaN in, NaN out.
        - raises :class:`InvalidInput` when ``scale_min >= scale_max``, when the mask length does
          not match the number of items, or when any non-missing answer lies outside the scale
          (reversing it would produce a number that was never on the scale).

    Reference: DeVellis, R. F. (2017). *Scale Development* (4th ed.), ch. 5 (reverse scoring).

    Example:
        >>> reverse_key([[1.0, 2.0, float("nan")], [5.0, 4.0, 3.0]], [True, False, True], 1, 5)
        array([[ 5.,  2., nan],
               [ 1.,  4.,  3.]])
    """
    if not (math.isfinite(scale_min) and math.isfinite(scale_max)) or scale_min >= scale_max:
        raise InvalidInput(
            f"scale_min must be below scale_max; got scale_min={scale_min}, scale_max={scale_max}"
        )
    one_person = np.ndim(values) == 1
    matrix = as_matrix(values, "values") if not one_person else as_vector(values, "values")[None]
    mask = np.asarray(reverse_mask, dtype=bool).reshape(-1)
    if mask.size != matrix.shape[1]:
        raise InvalidInput(
            f"reverse_mask has {mask.size} entries but there are {matrix.shape[1]} items"
        )
    with np.errstate(invalid="ignore"):
        outside = (matrix < scale_min) | (matrix > scale_max)
    if outside.any():
        row, col = (int(i) for i in np.argwhere(outside)[0])
        raise InvalidInput(
            f"answer {matrix[row, col]} (row {row}, item {col}) is outside the scale "
            f"{scale_min}..{scale_max}"
        )
    result = matrix.copy()
    result[:, mask] = (scale_min + scale_max) - matrix[:, mask]
    return result[0] if one_person else result


def min_items_required(k: int, min_fraction: float = DEFAULT_MIN_FRACTION) -> int:
    """The least number of answered items, out of ``k``, for a scale score: ⌈min_fraction · k⌉.

    With the default "at least 2/3 of items answered": k = 3 → 2, k = 4 → 3, k = 6 → 4,
    k = 9 → 6, k = 40 → 27. Never less than 1. A product within 1e-9 of an integer is taken
    as that integer, so binary rounding of 2/3 never moves the threshold up by one.

    Edge cases: raises :class:`InvalidInput` when k < 1 or min_fraction is outside (0, 1].

    Reference: the "half rule"/"prorating" family of missing-item rules, e.g. Schafer &
    Graham (2002), *Psychological Methods* 7(2), 147-177; here with a 2/3 threshold.

    Example:
        >>> [min_items_required(k) for k in (3, 4, 6, 9)]
        [2, 3, 4, 6]
    """
    if k < 1:
        raise InvalidInput(f"a scale needs at least 1 item; got {k}")
    if not 0 < min_fraction <= 1:
        raise InvalidInput(f"min_fraction must be in (0, 1]; got {min_fraction}")
    product = min_fraction * k
    nearest = round(product)
    if abs(product - nearest) < _INTEGER_SLACK:
        product = nearest
    return max(1, math.ceil(product))


def scale_scores(
    matrix: npt.ArrayLike, *, min_fraction: float = DEFAULT_MIN_FRACTION
) -> FloatArray:
    """Per-person scale score: the mean of that person's answered items.

    Rule: with k items, a person needs at least ⌈min_fraction · k⌉ answered items ("at least
    2/3 of items answered" by default; see :func:`min_items_required`). Such a person scores
    Σ answered / number answered (prorated mean); anyone below the threshold scores NaN.

    Assumptions: the items are already reverse-keyed (:func:`reverse_key`) and on one scale;
    missing answers are missing at random enough that the mean of the answered items stands
    for the whole scale.

    Edge cases:
        - n = 0 people: returns an empty array.
        - k = 0 items: raises :class:`InsufficientData`.
        - a person with every item missing (or too few answered): NaN for that person. NaN in
          the returned array marks "no score", the same convention as the input.
        - zero variance: no special case; a constant row scores that constant.

    Reference: Schafer, J. L., & Graham, J. W. (2002). Missing data: Our view of the state of
    the art. *Psychological Methods*, 7(2), 147-177 (person-mean imputation / prorating).

    Example:
        >>> nan = float("nan")
        >>> scale_scores([[1, 2, 3], [4, nan, 2], [nan, nan, 5]])
        array([ 2.,  3., nan])
    """
    items = as_matrix(matrix)
    k = items.shape[1]
    if k == 0:
        raise InsufficientData("scale scores need at least 1 item; got 0 columns")
    required = min_items_required(k, min_fraction)
    missing = np.isnan(items)
    answered = k - np.count_nonzero(missing, axis=1)
    totals = np.where(missing, 0.0, items).sum(axis=1)
    scores: FloatArray = np.full(items.shape[0], np.nan)
    enough = answered >= required
    np.divide(totals, answered, out=scores, where=enough)
    return scores


def correct_answers(answers: npt.ArrayLike, keys: npt.ArrayLike) -> FloatArray:
    """Knowledge-test items scored 1 (the keyed option), 0 (another option) or NaN (missing).

    ``answers`` is people x items holding the chosen option numbers (1-based) with NaN for
    missing; ``keys`` holds each item's correct option number. The percent-correct score of a
    person is then ``100 * scale_scores(correct_answers(...))``, with the same 2/3 rule.

    Edge cases: n = 0 gives an empty array; an all-missing person stays all NaN.

    Reference: Crocker, L., & Algina, J. (1986). *Introduction to Classical and Modern Test
    Theory*, ch. 14 (dichotomous item scoring).

    Example:
        >>> nan = float("nan")
        >>> correct_answers([[1, 3], [2, nan]], [1, 2])
        array([[ 1.,  0.],
               [ 0., nan]])
    """
    matrix = np.asarray(answers, dtype=float)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    key = np.asarray(keys, dtype=float).reshape(1, -1)
    if key.shape[1] != matrix.shape[1]:
        raise InvalidInput(f"one key per item: {key.shape[1]} keys for {matrix.shape[1]} items")
    scored: FloatArray = (matrix == key).astype(np.float64)
    scored[np.isnan(matrix)] = np.nan
    return scored
