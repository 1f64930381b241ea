"""Descriptive statistics of one variable, ignoring missing values (NaN)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as _st

from revmen.stats._arrays import as_vector
from revmen.stats.errors import InsufficientData

CI_LEVEL = 0.95


@dataclass(frozen=True, slots=True)
class Descriptives:
    """Summary of the non-missing values of one variable; every figure unrounded.

    ``sd``, ``se``, ``ci_low`` and ``ci_high`` are ``None`` when n = 1 (no spread can be
    estimated from one value).
    """

    n: int
    mean: float
    sd: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    median: float
    min: float
    max: float


def describe(x: npt.ArrayLike) -> Descriptives:
    """Count, mean, SD, standard error, t-based 95% CI of the mean, median, min and max.

    Formula (over the n non-missing values):
        mean = Σx / n;  sd = √(Σ(x − mean)² / (n − 1));  se = sd / √n;
        CI = mean ± t(0.975; n − 1) · se  (Student t, two-sided 95%).

    Assumptions: the CI assumes independent observations from a roughly normal population (or n
    large enough for the central limit theorem).

    Edge cases:
        - n = 0 (empty, or all missing): raises :class:`InsufficientData`.
        - n = 1: ``sd``, ``se``, ``ci_low`` and ``ci_high`` are ``None``; mean, median, min and
          max equal the single value.
        - zero variance: sd = se = 0 and the CI collapses to (mean, mean).

    Reference: any introductory text, e.g. Moore, McCabe & Craig, *Introduction to the
    Practice of Statistics*, ch. 7 (one-sample t confidence interval).

    Example:
        >>> d = describe([2.0, 4.0, 4.0, float("nan"), 6.0])
        >>> d.n, d.mean, round(d.sd, 4), d.median
        (4, 4.0, 1.633, 4.0)
    """
    values = as_vector(x, "x")
    values = values[~np.isnan(values)]
    n = int(values.size)
    if n == 0:
        raise InsufficientData("describe needs at least 1 non-missing value; got none")
    mean = float(values.mean())
    median = float(np.median(values))
    low, high = float(values.min()), float(values.max())
    if n == 1:
        return Descriptives(1, mean, None, None, None, None, median, low, high)
    # Identical values: report an exact 0, not the 1e-17 that rounding in the mean can leave.
    sd = 0.0 if low == high else float(values.std(ddof=1))
    se = sd / math.sqrt(n)
    half = float(_st.t.ppf(0.5 + CI_LEVEL / 2, n - 1)) * se
    return Descriptives(n, mean, sd, se, mean - half, mean + half, median, low, high)
