from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from revmen.stats.culture import (
    category,
    culture_scores,
    drivers,
    favourable_from,
    favourable_mask,
)
from revmen.stats.errors import InvalidInput


@pytest.mark.parametrize(("points", "lowest"), [(4, 3), (5, 4), (6, 4), (7, 5)])
def test_favourable_is_the_top_two_or_three_points(points: int, lowest: int) -> None:
    assert favourable_from(points) == lowest


def test_other_scale_lengths_are_refused() -> None:
    with pytest.raises(InvalidInput):
        favourable_from(3)


@pytest.mark.parametrize(
    ("index", "letter"),
    [(100, "A"), (75, "A"), (74.99, "B"), (50, "B"), (49.99, "C"), (0, "C"), (None, None)],
)
def test_categories(index: float | None, letter: str | None) -> None:
    assert category(index)[0] == letter


def test_reverse_keyed_items_count_their_bottom_values() -> None:
    mask = favourable_mask([5], [True])
    assert list(np.flatnonzero(mask[0])) == [1, 2]


def counts_from(answers: list[list[int]], points: int = 5) -> np.ndarray:
    """items x 8 count matrix from respondent rows (0 = missing)."""
    matrix = np.zeros((len(answers[0]), 8))
    for row in answers:
        for item, value in enumerate(row):
            matrix[item, value] += 1
    return matrix


def test_scores_match_a_count_by_hand() -> None:
    answers = [[5, 4, 2, 1], [4, 0, 3, 2], [2, 5, 5, 4], [1, 3, 4, 5]]
    # dims: X = items 0, 1; Y = items 2, 3 with item 3 reverse-keyed
    scores = culture_scores(
        counts_from(answers), 4, {"X": [0, 1], "Y": [2, 3]}, [5] * 4, [False, False, False, True]
    )
    # X favourable (>=4): 5,4,4,5 of 7 answered -> 4/7; Y: item2 >=4: 5,4 (2 of 4);
    # item3 reversed, favourable raw <= 2: 1,2 (2 of 4) -> 4/8
    assert scores.dimensions["X"] == pytest.approx(100 * 4 / 7)
    assert scores.dimensions["Y"] == pytest.approx(50.0)
    assert scores.index == pytest.approx((100 * 4 / 7 + 50) / 2)
    assert scores.category == "B" and scores.category_label == "Cukup Sehat"


def test_a_dimension_without_answers_is_none_and_left_out_of_the_index() -> None:
    answers = [[5, 0], [4, 0]]
    scores = culture_scores(counts_from(answers), 2, {"X": [0], "Y": [1]}, [5, 5], [False] * 2)
    assert scores.dimensions["Y"] is None
    assert scores.index == pytest.approx(100.0)


def test_no_answers_at_all() -> None:
    scores = culture_scores(np.zeros((2, 8)), 0, {"X": [0, 1]}, [5, 5], [False] * 2)
    assert (scores.index, scores.category) == (None, None)


def test_counts_of_groups_add_up_to_the_parent_score() -> None:
    a = counts_from([[5, 4], [1, 2]])
    b = counts_from([[4, 4], [3, 5], [2, 2]])
    whole = counts_from([[5, 4], [1, 2], [4, 4], [3, 5], [2, 2]])
    dims = {"X": [0, 1]}
    assert culture_scores(a + b, 5, dims, [5, 5], [False] * 2) == culture_scores(
        whole, 5, dims, [5, 5], [False] * 2
    )


def test_drivers_match_scipy_and_need_thirty_respondents() -> None:
    rng = np.random.default_rng(3)
    x = rng.random(40)
    y = 2 * x + rng.normal(0, 0.3, 40)
    z = rng.random(40)
    result = drivers({"X": x, "Z": z}, y)
    assert result[0].dimension == "X"
    expected = scipy_stats.pearsonr(x, y)
    assert result[0].r == pytest.approx(expected.statistic)
    assert result[0].p == pytest.approx(expected.pvalue)
    few = drivers({"X": x[:29]}, y[:29])
    assert (few[0].r, few[0].n) == (None, 29)


def test_benchmark_matches_numpy() -> None:
    from revmen.stats.culture import benchmark

    values = [61.1, 70.2, 55.0, 80.9, 66.6]
    result = benchmark(values)
    assert result.median == pytest.approx(float(np.median(values)))
    assert result.top_quartile == pytest.approx(float(np.percentile(values, 75)))
    assert benchmark([]).median is None


def test_respondent_shares_skip_missing_items() -> None:
    from revmen.stats.culture import respondent_shares

    shares = respondent_shares([[5, 1], [0, 0], [4, 0]], {"X": [0, 1]}, [5, 5], [False, True])
    assert shares["X"][0] == pytest.approx(1.0)  # 5 favourable, 1 reversed -> favourable
    assert np.isnan(shares["X"][1])
    assert shares["X"][2] == pytest.approx(1.0)


def test_knowledge_items_score_one_for_the_key() -> None:
    from revmen.stats.scoring import correct_answers, scale_scores

    nan = float("nan")
    scored = correct_answers([[1, 3, 2], [2, nan, 2], [nan, nan, nan]], [1, 2, 2])
    assert scored[0].tolist() == [1.0, 0.0, 1.0]
    assert np.isnan(scored[1, 1])
    percent = 100 * scale_scores(scored)
    assert percent[0] == pytest.approx(200 / 3)
    assert percent[1] == pytest.approx(50.0)
    assert np.isnan(percent[2])
    with pytest.raises(InvalidInput):
        correct_answers([[1, 2]], [1])


def test_many_groups_at_once_give_the_same_scores() -> None:
    from revmen.stats.culture import culture_scores_many

    rng = np.random.default_rng(5)
    groups = [
        counts_from(rng.integers(0, 6, size=(int(rng.integers(1, 20)), 4)).tolist())
        for _ in range(12)
    ]
    groups.append(np.zeros((4, 8)))
    dims = {"X": [0, 1], "Y": [2, 3]}
    points, reverse = [5] * 4, [False, True, False, False]
    many = culture_scores_many(
        np.stack(groups), [int(g[0].sum()) for g in groups], dims, points, reverse
    )
    for group, result in zip(groups, many, strict=True):
        assert result == culture_scores(group, int(group[0].sum()), dims, points, reverse)
