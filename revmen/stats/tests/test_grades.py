"""Final grades: weights, bands at their edges, missing components, attendance, Ditunda."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from revmen.stats.errors import InvalidInput
from revmen.stats.grades import (
    Band,
    ComponentScore,
    Outcome,
    combine_raters,
    final_grade,
    raters_disagree,
    round_score,
)

BANDS = [
    Band("Sangat Memuaskan", D(90)),
    Band("Memuaskan", D(80)),
    Band("Cukup Memuaskan", D(70)),
    Band("Kurang Memuaskan", D(60)),
]
TODAY = date(2026, 12, 7)
DEADLINE = date(2026, 12, 31)


def grade(scores: dict[str, D | None], attendance: D = D(100), **kw: object):  # type: ignore[no-untyped-def]
    weights = {"sikap": D(20), "akademik": D(20), "proyek": D(60)}
    comps = [ComponentScore(k, weights[k], scores.get(k)) for k in weights]
    args: dict[str, object] = dict(
        components=comps,
        bands=BANDS,
        pass_mark=D(60),
        min_attendance=D(90),
        attendance_rate=attendance,
        deadline=DEADLINE,
        today=TODAY,
    )
    args.update(kw)
    return final_grade(**args)  # type: ignore[arg-type]


def test_it_weights_the_components() -> None:
    g = grade({"sikap": D(80), "akademik": D(90), "proyek": D(95)})
    # 0.2*80 + 0.2*90 + 0.6*95 = 16 + 18 + 57 = 91
    assert g.final_score == D("91.00")
    assert g.outcome is Outcome.PASSED
    assert g.predicate == "Sangat Memuaskan"
    assert g.missing == ()


def test_it_normalises_weights_that_do_not_sum_to_100() -> None:
    comps = [ComponentScore("a", D(1), D(70)), ComponentScore("b", D(3), D(90))]
    g = final_grade(
        components=comps,
        bands=BANDS,
        pass_mark=D(60),
        min_attendance=D(90),
        attendance_rate=D(95),
        deadline=None,
        today=TODAY,
    )
    assert g.final_score == D("85.00")


def test_exactly_90_is_not_above_90() -> None:
    g = grade({"sikap": D(90), "akademik": D(90), "proyek": D(90)})
    assert g.final_score == D("90.00")
    assert g.predicate == "Memuaskan"


def test_90_01_is_above_90() -> None:
    g = grade({"sikap": D("90.01"), "akademik": D("90.01"), "proyek": D("90.01")})
    assert g.final_score == D("90.01")
    assert g.predicate == "Sangat Memuaskan"


def test_bands_see_the_score_rounded_half_up_to_two_places() -> None:
    # 90.005 rounds half up to 90.01: above 90.
    g = grade({"sikap": D("90.005"), "akademik": D("90.005"), "proyek": D("90.005")})
    assert g.final_score == D("90.01")
    assert g.predicate == "Sangat Memuaskan"
    # 90.0049 rounds to 90.00: not above 90.
    g = grade({"sikap": D("90.0049"), "akademik": D("90.0049"), "proyek": D("90.0049")})
    assert g.final_score == D("90.00")
    assert g.predicate == "Memuaskan"


def test_round_score_is_half_up_not_bankers() -> None:
    assert round_score(D("80.125")) == D("80.13")
    assert round_score(D("80.135")) == D("80.14")
    assert round_score(D("80.124999")) == D("80.12")


def test_pass_mark_itself_does_not_pass() -> None:
    g = grade({"sikap": D(60), "akademik": D(60), "proyek": D(60)})
    assert g.final_score == D("60.00")
    assert g.outcome is Outcome.FAILED
    assert g.predicate is None
    assert "score" in g.reasons


def test_just_above_pass_mark_passes_with_the_lowest_band() -> None:
    g = grade({"sikap": D("60.01"), "akademik": D("60.01"), "proyek": D("60.01")})
    assert g.outcome is Outcome.PASSED
    assert g.predicate == "Kurang Memuaskan"


def test_a_pass_below_every_band_has_no_predicate() -> None:
    g = grade({"sikap": D(58), "akademik": D(58), "proyek": D(58)}, pass_mark=D(50))
    assert g.outcome is Outcome.PASSED
    assert g.predicate is None


def test_attendance_just_below_minimum_fails_whatever_the_score() -> None:
    g = grade({"sikap": D(99), "akademik": D(99), "proyek": D(99)}, attendance=D("89.99"))
    assert g.outcome is Outcome.FAILED
    assert g.predicate is None
    assert g.final_score == D("99.00")  # still shown
    assert g.reasons == ("attendance",)


def test_attendance_exactly_minimum_is_enough() -> None:
    g = grade({"sikap": D(99), "akademik": D(99), "proyek": D(99)}, attendance=D(90))
    assert g.outcome is Outcome.PASSED


def test_missing_component_defers_with_what_is_missing_and_the_deadline() -> None:
    g = grade({"sikap": D(80), "akademik": D(90)})
    assert g.outcome is Outcome.DEFERRED
    assert g.missing == ("proyek",)
    assert g.deadline == DEADLINE
    assert g.final_score is None
    assert g.predicate is None


def test_every_component_missing_defers_naming_all() -> None:
    g = grade({})
    assert g.outcome is Outcome.DEFERRED
    assert g.missing == ("sikap", "akademik", "proyek")


def test_missing_with_low_attendance_fails_not_defers() -> None:
    # Nothing handed in later can repair the attendance.
    g = grade({"sikap": D(80)}, attendance=D(50))
    assert g.outcome is Outcome.FAILED
    assert g.reasons == ("attendance",)
    assert g.missing == ("akademik", "proyek")


def test_missing_after_the_deadline_fails() -> None:
    g = grade({"sikap": D(80), "akademik": D(90)}, today=date(2027, 1, 1))
    assert g.outcome is Outcome.FAILED
    assert g.reasons == ("deadline",)
    assert g.missing == ("proyek",)


def test_missing_on_the_deadline_day_is_still_deferred() -> None:
    g = grade({"sikap": D(80), "akademik": D(90)}, today=DEADLINE)
    assert g.outcome is Outcome.DEFERRED


def test_missing_without_a_deadline_is_deferred_without_one() -> None:
    g = grade({"sikap": D(80), "akademik": D(90)}, deadline=None)
    assert g.outcome is Outcome.DEFERRED
    assert g.deadline is None


def test_ditunda_completed_by_the_deadline_gives_the_grade() -> None:
    before = grade({"sikap": D(80), "akademik": D(90)})
    assert before.outcome is Outcome.DEFERRED
    after = grade({"sikap": D(80), "akademik": D(90), "proyek": D(85)}, today=DEADLINE)
    assert after.outcome is Outcome.PASSED
    assert after.final_score == D("85.00")
    assert after.predicate == "Memuaskan"
    assert after.deadline is None


def test_ditunda_completed_with_a_low_score_fails() -> None:
    after = grade({"sikap": D(50), "akademik": D(50), "proyek": D(40)})
    assert after.outcome is Outcome.FAILED
    assert after.reasons == ("score",)


def test_a_zero_weight_component_missing_does_not_defer() -> None:
    comps = [ComponentScore("a", D(100), D(75)), ComponentScore("b", D(0), None)]
    g = final_grade(
        components=comps,
        bands=BANDS,
        pass_mark=D(60),
        min_attendance=D(90),
        attendance_rate=D(100),
        deadline=None,
        today=TODAY,
    )
    assert g.outcome is Outcome.PASSED
    assert g.final_score == D("75.00")


@pytest.mark.parametrize(
    "bad",
    [
        {"components": []},
        {"components": [ComponentScore("a", D(0), D(80))]},
        {"components": [ComponentScore("a", D(-1), D(80))]},
        {"components": [ComponentScore("a", D(100), D(101))]},
        {"components": [ComponentScore("a", D(100), D("NaN"))]},
        {"attendance_rate": D(101)},
        {"components": [ComponentScore("a", D(50), D(80)), ComponentScore("a", D(50), D(80))]},
    ],
)
def test_it_refuses_bad_input(bad: dict[str, object]) -> None:
    args: dict[str, object] = dict(
        components=[ComponentScore("a", D(100), D(80))],
        bands=BANDS,
        pass_mark=D(60),
        min_attendance=D(90),
        attendance_rate=D(100),
        deadline=None,
        today=TODAY,
    )
    args.update(bad)
    with pytest.raises(InvalidInput):
        final_grade(**args)  # type: ignore[arg-type]


def test_bands_in_any_order() -> None:
    g = grade({"sikap": D(85), "akademik": D(85), "proyek": D(85)}, bands=list(reversed(BANDS)))
    assert g.predicate == "Memuaskan"


# --- combining raters ---


def test_mean_of_raters() -> None:
    assert combine_raters([D(80), D(90), D(85)], rule="mean") == D(85)


def test_median_of_raters() -> None:
    assert combine_raters([D(70), D(90), D(95)], rule="median") == D(90)
    assert combine_raters([D(70), D(90)], rule="median") == D(80)


def test_combine_nothing_is_none() -> None:
    assert combine_raters([], rule="mean") is None


def test_combine_unknown_rule_is_refused() -> None:
    with pytest.raises(InvalidInput):
        combine_raters([D(1)], rule="max")


def test_disagreement_is_a_spread_above_the_gap() -> None:
    assert not raters_disagree([D(70), D(85)], gap=D(15))
    assert raters_disagree([D(70), D("85.01")], gap=D(15))
    assert not raters_disagree([D(70)], gap=D(0))
