"""describe(): hand values, scipy as the oracle, R's ``sleep`` data, every edge case."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from revmen.stats.descriptives import Descriptives, describe
from revmen.stats.errors import InsufficientData, InvalidInput

NAN = float("nan")

# Student (1908) / R's datasets::sleep: extra hours of sleep, drug 2 minus drug 1.
SLEEP_DIFF = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4]


def _plain(d: Descriptives) -> None:
    for name in Descriptives.__slots__:
        value = getattr(d, name)
        assert value is None or type(value) in (int, float), (name, type(value))


def test_worked_example_student_sleep() -> None:
    # R: t.test(sleep$extra[11:20] - sleep$extra[1:10]) -> mean 1.58,
    # 95 percent CI 0.7001142 2.4598858
    d = describe(SLEEP_DIFF)
    assert d.n == 10
    assert d.mean == pytest.approx(1.58, abs=1e-12)
    assert d.sd == pytest.approx(1.2299954832798732, rel=1e-12)
    assert d.ci_low == pytest.approx(0.7001142, abs=1e-7)
    assert d.ci_high == pytest.approx(2.4598858, abs=1e-7)
    assert (d.median, d.min, d.max) == (1.3, 0.0, 4.6)
    _plain(d)


def test_hand_computed_small_example() -> None:
    d = describe([2.0, 4.0, 4.0, NAN, 6.0])
    assert d.n == 4
    assert d.mean == 4.0
    assert d.sd == pytest.approx(math.sqrt(8 / 3), rel=1e-14)
    assert d.se == pytest.approx(math.sqrt(8 / 3) / 2, rel=1e-14)
    half = stats.t.ppf(0.975, 3) * math.sqrt(8 / 3) / 2
    assert (d.ci_low, d.ci_high) == pytest.approx((4 - half, 4 + half), rel=1e-14)
    assert (d.median, d.min, d.max) == (4.0, 2.0, 6.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [2, 3, 17, 500])
def test_against_scipy(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(10, 3, size=n)
    x_with_gaps = np.concatenate([x, [np.nan, np.nan]])
    rng.shuffle(x_with_gaps)
    d = describe(x_with_gaps)
    ref = stats.describe(x)
    low, high = stats.t.interval(0.95, n - 1, loc=x.mean(), scale=stats.sem(x))
    assert d.n == n
    assert d.mean == pytest.approx(ref.mean, rel=1e-12)
    assert d.sd == pytest.approx(math.sqrt(ref.variance), rel=1e-12)
    assert d.se == pytest.approx(stats.sem(x), rel=1e-12)
    assert d.ci_low == pytest.approx(low, rel=1e-10, abs=1e-12)
    assert d.ci_high == pytest.approx(high, rel=1e-10, abs=1e-12)
    assert d.median == pytest.approx(float(np.median(x)), rel=1e-14)
    assert (d.min, d.max) == (ref.minmax[0], ref.minmax[1])


@pytest.mark.parametrize("values", [[], [NAN], [NAN, NAN, NAN]], ids=["n=0", "one-nan", "all-nan"])
def test_no_values_raises(values: list[float]) -> None:
    with pytest.raises(InsufficientData, match="at least 1"):
        describe(values)


def test_one_value_has_no_spread() -> None:
    d = describe([NAN, 7.5])
    assert d == Descriptives(1, 7.5, None, None, None, None, 7.5, 7.5, 7.5)


@pytest.mark.parametrize("value", [3.0, 0.1, -2.7])
def test_zero_variance_gives_exact_zero_and_a_point_ci(value: float) -> None:
    d = describe([value] * 7)
    assert d.sd == 0.0 and d.se == 0.0
    assert d.ci_low == d.ci_high == d.mean
    assert not any(math.isnan(v) for v in (d.mean, d.ci_low, d.ci_high) if v is not None)


@pytest.mark.parametrize("bad", [[1.0, math.inf], [[1.0, 2.0]], ["x"]])
def test_bad_input_raises_invalid_input(bad: object) -> None:
    with pytest.raises(InvalidInput):
        describe(bad)  # type: ignore[arg-type]


def test_result_is_frozen() -> None:
    d = describe([1.0, 2.0])
    with pytest.raises(AttributeError):
        d.mean = 3.0  # type: ignore[misc]
