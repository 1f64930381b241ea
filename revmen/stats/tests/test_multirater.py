"""Multi-rater figures against a worked example and an independent NumPy computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from revmen.stats.errors import InvalidInput
from revmen.stats.multirater import TOTAL, multirater

NAN = float("nan")
SCALES = ["A", "A", "B", "B"]


def test_the_worked_example() -> None:
    # Self 5 5 | 4 4; mentor 3 3 | 4 4; peers A: 2, 3, 4 (mean 3); B: 3, 3, 3.
    result = multirater(
        [[5, 5, 4, 4]],
        [[3, 3, 4, 4]],
        [[2, 2, 3, 3], [3, 3, 3, 3], [4, 4, 3, 3]],
        SCALES,
    )
    assert result.scales == ("A", "B", TOTAL)
    assert result.self.means == {"A": 5.0, "B": 4.0, TOTAL: 4.5}
    assert result.mentor.means["A"] == 3.0 and result.peers.means["A"] == 3.0
    # Others: the four raters, each once: A (3 + 2 + 3 + 4) / 4 = 3; B (4 + 3 + 3 + 3) / 4.
    assert result.others.n == 4
    assert result.others.means["A"] == 3.0 and result.others.means["B"] == 3.25
    assert result.gap["A"] == 2.0 and result.gap["B"] == pytest.approx(0.75)


def test_fewer_than_three_peers_hide_the_peers_others_and_the_gap() -> None:
    result = multirater([[4, 4, 4, 4]], [[3, 3, 3, 3]], [[1, 1, 1, 1], [5, 5, 5, 5]], SCALES)
    assert not result.peers.shown and result.peers.n == 2 and result.peers.means == {}
    # No self vs others before three peers: others would be the mentor alone, or give away
    # the two peers' mean as others − mentor.
    assert not result.others.shown and result.others.means == {}
    assert all(v is None for v in result.gap.values())
    # Self and mentor are still shown, each on their own.
    assert result.self.means["A"] == 4.0 and result.mentor.means["A"] == 3.0


def test_three_peers_without_a_mentor_make_others() -> None:
    result = multirater([[4, 4, 4, 4]], [], [[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]], SCALES)
    assert result.mentor.n == 0 and not result.mentor.shown
    assert result.others.shown and result.others.n == 3 and result.others.means["A"] == 2.0
    assert result.gap[TOTAL] == 2.0


def test_the_threshold_is_configurable_but_never_below_one() -> None:
    assert multirater([], [], [[1, 1, 1, 1]], SCALES, min_peers=1).peers.shown
    with pytest.raises(InvalidInput):
        multirater([], [], [], SCALES, min_peers=0)


def test_empty_groups_and_missing_answers() -> None:
    result = multirater([], [], [[NAN, NAN, 2, 2], [1, 1, 2, 2], [3, 3, 2, 2]], SCALES)
    assert result.self.n == 0 and not result.self.shown
    assert all(v is None for v in result.gap.values())
    # A peer with no A answers has no A score; the mean is over the two who have one.
    assert result.peers.means["A"] == 2.0 and result.peers.means["B"] == 2.0


def test_it_agrees_with_an_independent_computation() -> None:
    rng = np.random.default_rng(7)
    peers = rng.integers(1, 6, size=(9, 4)).astype(float)
    mentor = rng.integers(1, 6, size=(1, 4)).astype(float)
    own = rng.integers(1, 6, size=(1, 4)).astype(float)
    result = multirater(own, mentor, peers, SCALES)
    everyone = np.vstack([mentor, peers])
    for code, cols in {"A": [0, 1], "B": [2, 3], TOTAL: [0, 1, 2, 3]}.items():
        assert math.isclose(result.peers.means[code] or 0, peers[:, cols].mean(axis=1).mean())
        others = everyone[:, cols].mean(axis=1).mean()
        assert math.isclose(result.others.means[code] or 0, others)
        assert math.isclose(result.gap[code] or 0, own[0, cols].mean() - others)


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(InvalidInput):
        multirater([[1, 2]], [], [], SCALES)
    with pytest.raises(InvalidInput):
        multirater([], [], [], [])
