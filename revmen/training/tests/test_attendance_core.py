"""The attendance arithmetic, by hand-checked tables."""

from __future__ import annotations

import pytest

from revmen.training.attendance import SessionJp, summarise

S = [SessionJp(1, 4, True), SessionJp(2, 4, True), SessionJp(3, 4, False), SessionJp(4, 8, False)]


@pytest.mark.parametrize(
    ("present", "minimum", "percent", "best", "status"),
    [
        ({1, 2}, 80, 100.0, 100.0, "ok"),  # missing the next 4 JP leaves 80 %
        ({1, 2}, 85, 100.0, 100.0, "warning"),  # … which would be below 85 %
        ({1}, 80, 50.0, 80.0, "warning"),  # still reachable, but with no session to spare
        ({1}, 85, 50.0, 80.0, "below"),
        (set(), 50, 0.0, 60.0, "warning"),
    ],
)
def test_it_summarises_by_jp(
    present: set[int], minimum: float, percent: float, best: float, status: str
) -> None:
    summary = summarise(S, present, minimum)
    assert summary.percent == pytest.approx(percent)
    assert summary.best_final == pytest.approx(best)
    assert summary.status == status


def test_before_any_session_there_is_no_percentage() -> None:
    summary = summarise([SessionJp(n, 2, False) for n in range(20)], set(), 90)
    assert (summary.percent, summary.status) == (None, "ok")


def test_when_the_only_session_cannot_be_missed_it_warns() -> None:
    assert summarise([SessionJp(1, 4, False)], set(), 90).status == "warning"


def test_no_sessions_at_all_is_ok() -> None:
    summary = summarise([], set(), 90)
    assert (summary.percent, summary.best_final, summary.status) == (None, None, "ok")


def test_attendance_at_a_future_session_does_not_count_yet() -> None:
    summary = summarise([SessionJp(1, 4, True), SessionJp(2, 4, False)], {2}, 50)
    assert summary.attended_jp == 0
