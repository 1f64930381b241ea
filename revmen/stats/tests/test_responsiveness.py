from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from revmen.stats.errors import InvalidInput
from revmen.stats.responsiveness import response_times

T = datetime(2026, 3, 2, 8)


def test_it_gives_median_and_p90_per_month_of_receipt() -> None:
    hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    rows = [(T, T + timedelta(hours=h), T + timedelta(hours=2 * h)) for h in hours]
    rows.append((datetime(2026, 4, 1), None, None))
    march, april = response_times(rows)
    assert march.month == "2026-03" and march.n == 10
    assert march.first_answer.median == 5.5
    # type 7: 1 + 0.9 * 9 = 9.1 -> between 9 and 10
    assert march.first_answer.p90 == pytest.approx(9.1)
    assert march.first_answer.p90 == pytest.approx(float(np.percentile(hours, 90)))
    assert march.closing.median == 11.0
    assert april.n == 1 and april.first_answer.n == 0 and april.first_answer.open == 1
    assert april.first_answer.median is None


def test_it_leaves_open_complaints_out_of_the_percentiles() -> None:
    rows = [(T, T + timedelta(hours=3), None), (T, None, None)]
    (march,) = response_times(rows)
    assert march.first_answer.n == 1 and march.first_answer.open == 1
    assert march.first_answer.median == 3.0 == march.first_answer.p90
    assert march.closing.n == 0 and march.closing.open == 2


def test_it_refuses_an_answer_before_the_complaint() -> None:
    with pytest.raises(InvalidInput):
        response_times([(T, T - timedelta(minutes=1), None)])


def test_it_is_empty_without_complaints() -> None:
    assert response_times([]) == []
