"""The impact chain's figures: Newcombe's worked examples for Wilson, POMP by hand, drop-out."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.impact import dropout, pomp, wilson_interval


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), table II, example (a)
        (15, 148, 0.0624, 0.1605),  # example (b)
        (0, 20, 0.0, 0.1611),  # example (c)
        (1, 29, 0.0061, 0.1718),  # example (d)
    ],
)
def test_it_matches_newcombes_worked_examples(k: int, n: int, low: float, high: float) -> None:
    result = wilson_interval(k, n)
    assert result.share == pytest.approx(k / n)
    assert result.ci == pytest.approx((low, high), abs=1e-4)


def test_it_agrees_with_scipys_wilson_interval() -> None:
    oracle = stats.binomtest(7, 12).proportion_ci(confidence_level=0.9, method="wilson")
    assert wilson_interval(7, 12, level=0.9).ci == pytest.approx((oracle.low, oracle.high))


def test_it_stays_inside_zero_and_one() -> None:
    assert wilson_interval(12, 12).ci[1] == 1.0
    assert wilson_interval(0, 3).ci[0] == 0.0


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5)])
def test_it_refuses_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(InvalidInput):
        wilson_interval(k, n)


def test_it_needs_at_least_one_case() -> None:
    with pytest.raises(InsufficientData):
        wilson_interval(0, 0)


def test_it_refuses_a_level_outside_zero_and_one() -> None:
    with pytest.raises(InvalidInput):
        wilson_interval(1, 2, level=1.5)


def test_pomp_puts_the_ends_of_the_scale_at_0_and_100() -> None:
    assert pomp([1, 2.5, 4], 1, 4).tolist() == [0.0, 50.0, 100.0]


def test_pomp_keeps_missing_values_missing() -> None:
    assert math.isnan(pomp([float("nan"), 3], 1, 5)[0])


@pytest.mark.parametrize(("values", "low", "high"), [([0], 1, 5), ([6], 1, 5), ([3], 5, 5)])
def test_pomp_refuses_values_off_the_scale(values: list[float], low: float, high: float) -> None:
    with pytest.raises(InvalidInput):
        pomp(values, low, high)


def test_dropout_gives_the_share_kept_and_the_number_lost() -> None:
    steps = dropout([("enrolled", 30), ("reaction", 24), ("learning", 18), ("behaviour", 0)])
    assert [(s.kept, s.dropped) for s in steps] == [
        (None, None),
        (0.8, 6),
        (0.75, 6),
        (0.0, 18),
    ]


def test_dropout_after_an_empty_level_has_no_share() -> None:
    steps = dropout([("a", 0), ("b", 3)])
    assert steps[1].kept is None and steps[1].dropped == -3


def test_dropout_of_nothing_is_empty_and_negative_counts_are_refused() -> None:
    assert dropout([]) == []
    with pytest.raises(InvalidInput):
        dropout([("a", -1)])
