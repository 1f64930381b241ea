"""Input coercion shared by the statistics modules (private).

Inputs are sequences or NumPy arrays of floats, NaN marking a missing value. Infinite values are
refused: they are never a legitimate answer and would turn every downstream figure into NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from revmen.stats.errors import InvalidInput

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def as_vector(values: npt.ArrayLike, name: str = "values") -> FloatArray:
    """A 1-D float64 array (a copy only when needed); NaN allowed, ±inf refused."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{name} must be numbers (NaN for missing): {exc}") from exc
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise InvalidInput(f"{name} must be one-dimensional; got shape {array.shape}")
    if np.isinf(array).any():
        raise InvalidInput(f"{name} contains an infinite value; use NaN for missing")
    return array


def as_matrix(values: npt.ArrayLike, name: str = "matrix") -> FloatArray:
    """A 2-D float64 array, rows = people, columns = items; NaN allowed, ±inf refused."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{name} must be numbers (NaN for missing): {exc}") from exc
    if array.ndim != 2:
        raise InvalidInput(
            f"{name} must be two-dimensional (people x items); got shape {array.shape}"
        )
    if np.isinf(array).any():
        raise InvalidInput(f"{name} contains an infinite value; use NaN for missing")
    return array


def complete_rows(matrix: FloatArray) -> FloatArray:
    """The rows of ``matrix`` with no NaN (listwise deletion)."""
    keep = ~np.isnan(matrix).any(axis=1)
    if keep.all():
        return matrix
    return matrix[keep]


def covariance(matrix: FloatArray) -> FloatArray:
    """Sample covariance (n - 1 denominator) of the columns of a complete matrix, n >= 2.

    A constant column gets an exact zero row and column: the mean of n copies of 0.1 is not
    always exactly 0.1, and the ~1e-34 "variance" left by that rounding must not pass for data.
    (A column counts as constant when its variance is :func:`negligible` next to its mean.)
    """
    means = matrix.mean(axis=0)
    centred = matrix - means
    cov: FloatArray = (centred.T @ centred) / (matrix.shape[0] - 1)
    constant = np.diag(cov) <= (1e-12 * np.abs(means)) ** 2
    if constant.any():
        cov[constant, :] = 0.0
        cov[:, constant] = 0.0
    return cov


def negligible(variance: float, magnitude: float) -> bool:
    """True when ``variance`` is zero up to floating-point rounding of data of ``magnitude``.

    A spread below 1e-12 of the largest absolute value is rounding, not variance.
    """
    return not variance > (1e-12 * magnitude) ** 2
