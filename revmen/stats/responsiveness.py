"""Responsiveness of a complaint channel: time to first answer and to closing, per month.

The *responsif* figure of a public service: for the complaints received in a month, the median
and the 90th percentile of the hours until the first answer and until closing.

Formula, per calendar month of receipt (``YYYY-MM`` of the received time, in whatever time zone
the caller's datetimes carry):
    wait_i  = (answered_i - received_i) in hours, for the complaints answered so far
    median  = the 50th percentile of wait_i, p90 = the 90th percentile, both by linear
              interpolation between order statistics (Hyndman and Fan type 7, NumPy's default)

Assumptions and edge cases:
    - a complaint not answered (or not closed) yet has no wait: it is counted in ``open`` and
      left out of the percentiles, which therefore describe the answered ones only (the figures
      of a recent month improve or worsen as its open complaints are answered: censoring);
    - a month with no answered complaint has ``None`` figures;
    - an answer before the complaint was received (clock skew) raises :class:`InvalidInput`;
    - months come out in order, only those with at least one complaint.

Reference: R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages", The American
Statistician 50 (1996) 361-365 (definition 7).

Example:
    >>> from datetime import datetime, timedelta
    >>> t = datetime(2026, 3, 2, 8)
    >>> rows = [(t, t + timedelta(hours=h), None) for h in (2, 4, 30)]
    >>> m = response_times(rows)[0]
    >>> m.month, m.n, m.first_answer.median, round(m.first_answer.p90, 1), m.closing.n
    ('2026-03', 3, 4.0, 24.8, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from revmen.stats.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Waits:
    """Hours to an event for the complaints that reached it: how many, median and p90."""

    n: int
    open: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class MonthTimes:
    month: str  # YYYY-MM of receipt
    n: int  # complaints received
    first_answer: Waits
    closing: Waits


def _waits(pairs: list[tuple[datetime, datetime | None]]) -> Waits:
    hours = []
    for received, reached in pairs:
        if reached is None:
            continue
        seconds = (reached - received).total_seconds()
        if seconds < 0:
            raise InvalidInput(f"an answer at {reached} precedes its complaint at {received}")
        hours.append(seconds / 3600)
    if not hours:
        return Waits(n=0, open=len(pairs), median=None, p90=None)
    values = np.asarray(hours, dtype=float)
    return Waits(
        n=len(hours),
        open=len(pairs) - len(hours),
        median=float(np.percentile(values, 50)),
        p90=float(np.percentile(values, 90)),
    )


def response_times(
    complaints: Iterable[tuple[datetime, datetime | None, datetime | None]],
) -> list[MonthTimes]:
    """Per month of receipt: the waits to first answer and to closing.

    ``complaints`` are ``(received, first answered or None, closed or None)``.
    """
    months: dict[str, list[tuple[datetime, datetime | None, datetime | None]]] = {}
    for received, answered, closed in complaints:
        months.setdefault(f"{received.year:04d}-{received.month:02d}", []).append(
            (received, answered, closed)
        )
    return [
        MonthTimes(
            month=month,
            n=len(rows),
            first_answer=_waits([(r, a) for r, a, _ in rows]),
            closing=_waits([(r, c) for r, _, c in rows]),
        )
        for month, rows in sorted(months.items())
    ]
