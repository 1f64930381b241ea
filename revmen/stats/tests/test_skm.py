"""SKM/IKM (PermenPAN-RB 14/2017): element means, IKM, grades at their boundaries, refusals."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.skm import (
    ELEMENTS,
    REGULATION_WEIGHT,
    SkmResult,
    round_half_up,
    skm_grade,
    skm_index,
)

NAN = float("nan")


def test_nine_elements() -> None:
    assert len(ELEMENTS) == 9
    assert [e.split()[0] for e in ELEMENTS] == [f"U{i}" for i in range(1, 10)]


def test_hand_worked_example() -> None:
    answers = [
        [4, 3, 3, 4, 3, 3, 4, 3, 3],
        [3, 3, 4, 4, 3, 4, 4, 3, 3],
    ]
    r = skm_index(answers)
    assert r.n == 2
    assert r.element_n == (2,) * 9
    assert r.element_means == (3.5, 3.0, 3.5, 4.0, 3.0, 3.5, 4.0, 3.0, 3.0)
    assert r.ikm == pytest.approx(30.5 / 9 * 25, abs=1e-12)  # 84.7222...
    assert r.ikm_rounded == 84.72
    assert (r.grade, r.label) == ("B", "Baik")


def test_missing_answers_use_available_cases() -> None:
    answers = [
        [4, 4, 4, 4, 4, 4, 4, 4, NAN],
        [2, NAN, 2, 2, 2, 2, 2, 2, 2],
        [NAN] * 9,  # an empty questionnaire: not a respondent
    ]
    r = skm_index(answers)
    assert r.n == 2
    assert r.element_n == (2, 1, 2, 2, 2, 2, 2, 2, 1)
    assert r.element_means == (3.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 2.0)
    assert r.ikm == pytest.approx(27 / 9 * 25)
    assert (r.grade, r.label) == ("C", "Kurang Baik")


@pytest.mark.parametrize(
    ("answer", "ikm", "grade", "label"),
    [(4, 100.0, "A", "Sangat Baik"), (3, 75.0, "C", "Kurang Baik"), (2, 50.0, "D", "Tidak Baik"),
     (1, 25.0, "D", "Tidak Baik")],
)  # fmt: skip
def test_zero_variance_and_extremes(answer: int, ikm: float, grade: str, label: str) -> None:
    r = skm_index([[answer] * 9] * 5)
    assert (r.ikm, r.grade, r.label) == (ikm, grade, label)


def test_one_respondent() -> None:
    r = skm_index([[4, 4, 4, 3, 3, 3, 4, 4, 4]])
    assert r.n == 1
    assert r.ikm == pytest.approx(33 / 9 * 25)
    assert r.grade == "A"  # 91.67


@pytest.mark.parametrize(
    ("ikm", "grade", "label"),
    [
        (100.0, "A", "Sangat Baik"),
        (88.31, "A", "Sangat Baik"),
        (88.305, "A", "Sangat Baik"),  # rounds half-up to 88.31
        (88.3049999, "B", "Baik"),
        (88.30, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.605, "B", "Baik"),
        (76.6049, "C", "Kurang Baik"),
        (76.60, "C", "Kurang Baik"),
        (65.00, "C", "Kurang Baik"),
        (64.995, "C", "Kurang Baik"),
        (64.9949, "D", "Tidak Baik"),
        (64.99, "D", "Tidak Baik"),
        (25.00, "D", "Tidak Baik"),
        (24.996, "D", "Tidak Baik"),  # rounds to 25.00
    ],
)
def test_grade_boundaries(ikm: float, grade: str, label: str) -> None:
    assert skm_grade(ikm) == (grade, label)


@pytest.mark.parametrize("ikm", [24.99, 100.01, NAN, math.inf, 0.0])
def test_grade_refuses_outside_the_scale(ikm: float) -> None:
    with pytest.raises(InvalidInput):
        skm_grade(ikm)


@pytest.mark.parametrize(
    ("nilai_persepsi", "grade"),
    # The regulation's table: interval of the mean (NRR scale) -> converted interval -> mutu.
    # 1.00-2.5996 D, 2.60-3.064 C, 3.0644-3.532 B, 3.5324-4.00 A (x 25: 25-64.99, 65-76.60,
    # 76.61-88.30, 88.31-100).
    [(1.00, "D"), (2.5996, "D"), (2.60, "C"), (3.064, "C"), (3.0644, "B"), (3.532, "B"),
     (3.5324, "A"), (4.00, "A")],
)  # fmt: skip
def test_regulation_interval_table(nilai_persepsi: float, grade: str) -> None:
    assert skm_grade(nilai_persepsi * 25)[0] == grade


def test_grade_is_decided_on_the_rounded_ikm_from_answers() -> None:
    # mean of element means 3.5322 exactly is impossible with 1-4 answers, but an IKM of
    # 88.305... is not: build one and check the rounding is half-up.
    r = skm_index([[4, 4, 4, 4, 4, 3, 3, 3, 3]] * 1)
    assert r.ikm == pytest.approx(32 / 9 * 25)  # 88.888...
    assert r.ikm_rounded == 88.89 and r.grade == "A"


def test_regulation_weighted_form_differs_only_by_the_weight_rounding() -> None:
    """Σ(NRR_i × 0.111) × 25 = 0.999 × (mean NRR × 25): at most 0.1 below the official IKM."""
    rng = np.random.default_rng(14)
    for _ in range(50):
        answers = rng.integers(1, 5, size=(40, 9)).astype(float)
        r = skm_index(answers)
        weighted = sum(nrr * REGULATION_WEIGHT for nrr in r.element_means) * 25
        assert weighted == pytest.approx(0.999 * r.ikm, rel=1e-12)
        assert 0 < r.ikm - weighted <= 0.1 + 1e-12
    perfect = skm_index([[4] * 9])
    assert sum(v * REGULATION_WEIGHT for v in perfect.element_means) * 25 == pytest.approx(99.9)
    assert perfect.ikm == 100.0


@pytest.mark.parametrize(
    ("bad", "shown"),
    [(0, "0.0"), (5, "5.0"), (2.5, "2.5"), (-1, "-1.0"), (40, "40.0")],
)
def test_refuses_answers_outside_1_to_4(bad: float, shown: str) -> None:
    answers = [[4] * 9, [3] * 9]
    answers[1][6] = bad  # type: ignore[call-overload]
    with pytest.raises(InvalidInput, match=rf"row 1, U7 Perilaku pelaksana: answer {shown}"):
        skm_index(answers)


@pytest.mark.parametrize("columns", [0, 8, 10])
def test_refuses_wrong_number_of_elements(columns: int) -> None:
    with pytest.raises(InvalidInput, match="9 elements"):
        skm_index(np.full((3, columns), 3.0))


@pytest.mark.parametrize(
    "answers",
    [np.empty((0, 9)), [[NAN] * 9], [[NAN] * 9] * 4],
    ids=["n=0", "one-empty-row", "all-missing"],
)
def test_no_respondents_raises(answers: Any) -> None:
    with pytest.raises(InsufficientData, match="at least one respondent"):
        skm_index(answers)


def test_an_element_nobody_answered_raises() -> None:
    answers = [[4, 4, NAN, 4, 4, 4, 4, 4, 4], [3, 3, NAN, 3, 3, 3, 3, 3, 3]]
    with pytest.raises(InsufficientData, match="U3 Waktu penyelesaian has none"):
        skm_index(answers)


def test_result_types() -> None:
    r = skm_index([[4, 3, 2, 1, 4, 3, 2, 1, 4]])
    assert isinstance(r, SkmResult)
    assert type(r.ikm) is float and type(r.ikm_rounded) is float
    assert all(type(v) is float for v in r.element_means)
    assert all(type(v) is int for v in r.element_n)
    with pytest.raises(AttributeError):
        r.ikm = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(76.605, "76.61"), (88.3049, "88.30"), (1.005, "1.01"), (2.675, "2.68"), (-1.005, "-1.01"),
     (100.0, "100.00")],
)  # fmt: skip
def test_round_half_up(value: float, expected: str) -> None:
    assert str(round_half_up(value)) == expected


@pytest.mark.parametrize("value", [NAN, math.inf, -math.inf])
def test_round_half_up_refuses_non_finite(value: float) -> None:
    with pytest.raises(InvalidInput):
        round_half_up(value)


def test_krejcie_morgan_table_follows_its_formula() -> None:
    import math

    from revmen.stats.skm import KREJCIE_MORGAN, krejcie_morgan

    assert len(KREJCIE_MORGAN) == 90
    sizes = [n for n, _ in KREJCIE_MORGAN]
    assert sizes == sorted(sizes)
    for population, sample in KREJCIE_MORGAN:
        # the published table rounds the formula (to the nearest, mostly up): within one
        assert abs(math.ceil(krejcie_morgan(population)) - sample) <= 1, population


def test_min_sample_reads_the_table_upwards() -> None:
    import pytest as _pytest

    from revmen.stats.errors import InvalidInput
    from revmen.stats.skm import skm_min_sample

    assert skm_min_sample(100) == 80
    assert skm_min_sample(101) == 86
    assert skm_min_sample(1000) == 278
    assert skm_min_sample(9) == 9
    assert skm_min_sample(250_000) == 384
    with _pytest.raises(InvalidInput):
        skm_min_sample(0)
