"""reverse_key, min_items_required and scale_scores: the 2/3 rule at its boundaries."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.scoring import min_items_required, reverse_key, scale_scores

NAN = float("nan")


@pytest.mark.parametrize(
    ("values", "mask", "lo", "hi", "expected"),
    [
        ([[1, 2, 3]], [True, False, True], 1, 5, [[5, 2, 3]]),
        ([[1, 2, 3, 4]], [True, True, True, True], 1, 4, [[4, 3, 2, 1]]),
        ([[0, 6, 3]], [True, True, False], 0, 6, [[6, 0, 3]]),
        ([[NAN, 2.0]], [True, True], 1, 5, [[NAN, 4.0]]),
        ([[1.5, 2.0]], [True, False], 1, 7, [[6.5, 2.0]]),
        ([[1, 2], [3, 4]], [False, False], 1, 5, [[1, 2], [3, 4]]),
    ],
)
def test_reverse_key_table(
    values: list[list[float]], mask: list[bool], lo: float, hi: float, expected: list[list[float]]
) -> None:
    result = reverse_key(values, mask, lo, hi)
    np.testing.assert_array_equal(result, np.array(expected, dtype=float))


def test_reverse_key_one_person_vector_and_no_mutation() -> None:
    original = np.array([1.0, 5.0, 2.0])
    result = reverse_key(original, [True, False, True], 1, 5)
    np.testing.assert_array_equal(result, [5.0, 5.0, 4.0])
    np.testing.assert_array_equal(original, [1.0, 5.0, 2.0])
    assert result.ndim == 1


def test_reverse_key_twice_is_identity() -> None:
    rng = np.random.default_rng(4)
    m = rng.integers(1, 6, size=(50, 8)).astype(float)
    m[rng.random(m.shape) < 0.1] = np.nan
    mask = rng.random(8) < 0.5
    np.testing.assert_array_equal(reverse_key(reverse_key(m, mask, 1, 5), mask, 1, 5), m)


def test_reverse_key_empty_and_all_missing() -> None:
    assert reverse_key(np.empty((0, 3)), [True, False, True], 1, 5).shape == (0, 3)
    assert np.isnan(reverse_key([[NAN, NAN]], [True, True], 1, 5)).all()


@pytest.mark.parametrize(
    ("values", "mask", "lo", "hi", "match"),
    [
        ([[0, 2]], [True, False], 1, 5, "outside the scale"),
        ([[1, 6]], [False, False], 1, 5, "outside the scale"),
        ([[1, 2]], [True], 1, 5, "reverse_mask has 1"),
        ([[1, 2]], [True, False], 5, 1, "scale_min must be below"),
        ([[1, 2]], [True, False], 3, 3, "scale_min must be below"),
        ([[1, 2]], [True, False], 1, math.inf, "scale_min must be below"),
        ([[1, math.inf]], [True, False], 1, 5, "infinite"),
    ],
)
def test_reverse_key_refuses(
    values: list[list[float]], mask: list[bool], lo: float, hi: float, match: str
) -> None:
    with pytest.raises(InvalidInput, match=match):
        reverse_key(values, mask, lo, hi)


@pytest.mark.parametrize(
    ("k", "fraction", "required"),
    [
        (1, 2 / 3, 1),
        (2, 2 / 3, 2),
        (3, 2 / 3, 2),
        (4, 2 / 3, 3),
        (5, 2 / 3, 4),
        (6, 2 / 3, 4),
        (9, 2 / 3, 6),
        (12, 2 / 3, 8),
        (40, 2 / 3, 27),
        (300, 2 / 3, 200),
        (4, 0.5, 2),
        (5, 0.5, 3),
        (10, 0.7, 7),  # 0.7 * 10 = 7.000000000000001 in binary: still 7
        (3, 1.0, 3),
        (10, 0.01, 1),
    ],
)
def test_min_items_required_table(k: int, fraction: float, required: int) -> None:
    assert min_items_required(k, fraction) == required


@pytest.mark.parametrize(("k", "fraction"), [(0, 2 / 3), (-1, 0.5), (3, 0.0), (3, 1.5), (3, -0.2)])
def test_min_items_required_refuses(k: int, fraction: float) -> None:
    with pytest.raises(InvalidInput):
        min_items_required(k, fraction)


@pytest.mark.parametrize(("k", "required"), [(3, 2), (4, 3), (6, 4), (9, 6)])
def test_scale_scores_two_thirds_boundary(k: int, required: int) -> None:
    """Exactly ``required`` answered gives a score; one fewer gives NaN."""
    at = np.full(k, np.nan)
    at[:required] = np.arange(1, required + 1)
    below = at.copy()
    below[required - 1] = np.nan
    full = np.arange(1, k + 1, dtype=float)
    scores = scale_scores(np.vstack([at, below, full]))
    assert scores[0] == pytest.approx((required + 1) / 2)
    assert math.isnan(scores[1])
    assert scores[2] == pytest.approx((k + 1) / 2)


def test_scale_scores_custom_fraction() -> None:
    m = [[1, NAN, NAN, 4], [1, 2, NAN, NAN], [NAN, NAN, NAN, 4]]
    np.testing.assert_array_equal(scale_scores(m, min_fraction=0.5), [2.5, 1.5, np.nan])
    np.testing.assert_array_equal(scale_scores(m, min_fraction=0.25), [2.5, 1.5, 4.0])


def test_scale_scores_against_pandas() -> None:
    rng = np.random.default_rng(11)
    m = rng.integers(1, 6, size=(2_000, 9)).astype(float)
    m[rng.random(m.shape) < 0.3] = np.nan
    frame = pd.DataFrame(m)
    expected = frame.mean(axis=1).where(frame.notna().sum(axis=1) >= 6)
    np.testing.assert_allclose(scale_scores(m), expected.to_numpy(), rtol=1e-14, equal_nan=True)


def test_scale_scores_edge_cases() -> None:
    assert scale_scores(np.empty((0, 5))).shape == (0,)
    assert np.isnan(scale_scores([[NAN, NAN, NAN]])).all()
    np.testing.assert_array_equal(scale_scores([[3, 3, 3], [3, 3, NAN]]), [3.0, 3.0])
    np.testing.assert_array_equal(scale_scores([[2.0]]), [2.0])
    with pytest.raises(InsufficientData, match="at least 1 item"):
        scale_scores(np.empty((3, 0)))
    with pytest.raises(InvalidInput):
        scale_scores([1.0, 2.0])
    with pytest.raises(InvalidInput):
        scale_scores([[1.0, 2.0]], min_fraction=0)


def test_scale_scores_is_fast_on_100k_by_40() -> None:
    rng = np.random.default_rng(1)
    m = rng.integers(1, 6, size=(100_000, 40)).astype(float)
    m[rng.random(m.shape) < 0.05] = np.nan
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        scores = scale_scores(m)
        best = min(best, time.perf_counter() - start)
    assert scores.shape == (100_000,)
    assert best < 0.5  # ~10 ms when the machine is quiet; generous for a busy CI


@pytest.mark.parametrize("values", [["a", "b"], [["x", 1.0]]])
def test_reverse_key_refuses_text(values: object) -> None:
    with pytest.raises(InvalidInput):
        reverse_key(values, [True, False], 1, 5)  # type: ignore[arg-type]
