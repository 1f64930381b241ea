"""Attendance by JP: plain data in, plain data out (no Django, so it is easy to test and reuse).

A participant's attendance is the share of JP (45-minute lesson hours) of the sessions held so
far that they were present at; only "present" counts (an excused absence is recorded, but the
JP were still missed). The warning comes *before* the scheme's minimum is lost for good: when
missing the next session would leave the best final attendance still reachable below the
minimum (sessions are listed in the order they are held), or while the share so far is below
it. Once even perfect attendance from now on cannot reach it, the status is "below".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "warning", "below"]


@dataclass(frozen=True)
class SessionJp:
    key: int
    jp: int
    held: bool  # has started already


@dataclass(frozen=True)
class AttendanceSummary:
    attended_jp: int
    held_jp: int
    total_jp: int
    percent: float | None  # of the JP held so far; None before any session was held
    best_final: float | None  # if present at every session still to come
    status: Status


def summarise(
    sessions: list[SessionJp], present: Iterable[int], minimum: float
) -> AttendanceSummary:
    """Attendance of one participant.

    >>> s = [SessionJp(1, 4, True), SessionJp(2, 4, True), SessionJp(3, 2, False)]
    >>> summarise(s, {1}, 80).status   # 4 of 10 JP at best: the minimum is out of reach
    'below'
    """
    present = set(present)
    total = sum(s.jp for s in sessions)
    held = sum(s.jp for s in sessions if s.held)
    attended = sum(s.jp for s in sessions if s.held and s.key in present)
    upcoming = [s.jp for s in sessions if not s.held]
    percent = 100 * attended / held if held else None
    if not total:
        return AttendanceSummary(attended, held, total, percent, None, "ok")
    best = 100 * (attended + sum(upcoming)) / total
    miss_next = 100 * (attended + sum(upcoming) - upcoming[0]) / total if upcoming else best
    status: Status = "ok"
    if best < minimum:
        status = "below"
    elif miss_next < minimum or (percent is not None and percent < minimum):
        status = "warning"
    return AttendanceSummary(attended, held, total, percent, best, status)
