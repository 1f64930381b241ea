"""The pure status function: rules and edges (written before the function)."""

from __future__ import annotations

from datetime import date, timedelta

from revmen.projects import status as st

D = date(2026, 3, 1)


def m(days: int = 0, confirmed: bool = False) -> st.MilestoneFacts:
    return st.MilestoneFacts(D + timedelta(days=days), confirmed)


def test_it_is_planning_before_approval() -> None:
    assert st.project_status([m()], D, approved=False) == st.PLANNING


def test_it_is_on_track_up_to_and_on_the_date() -> None:
    assert st.project_status([m()], D, approved=True) == st.ON_TRACK
    assert st.project_status([m()], D - timedelta(days=10), approved=True) == st.ON_TRACK


def test_it_is_late_the_day_after_and_missed_after_the_grace() -> None:
    assert st.project_status([m()], D + timedelta(days=1), approved=True) == st.LATE
    assert st.project_status([m()], D + timedelta(days=30), approved=True) == st.LATE
    assert st.project_status([m()], D + timedelta(days=31), approved=True) == st.MISSED
    assert st.project_status([m()], D + timedelta(days=3), approved=True, grace_days=2) == st.MISSED


def test_it_is_completed_when_every_milestone_is_confirmed() -> None:
    done = [m(0, True), m(100, True)]
    assert st.project_status(done, D + timedelta(days=500), approved=True) == st.COMPLETED
    assert st.project_status([m(0, True), m(100)], D, approved=True) == st.ON_TRACK
    assert st.project_status([], D, approved=True) == st.ON_TRACK


def test_missed_wins_over_late_and_stopped_over_everything() -> None:
    mixed = [m(-40), m(-1), m(10)]
    assert st.project_status(mixed, D, approved=True) == st.MISSED
    assert st.project_status(mixed[1:], D, approved=True) == st.LATE
    assert st.project_status(mixed, D, approved=True, stopped=True) == st.STOPPED
    assert st.project_status([m(0, True)], D, approved=False, stopped=True) == st.STOPPED


def test_a_late_confirmation_ends_the_lateness() -> None:
    assert st.project_status([m(-20, True), m(5)], D, approved=True) == st.ON_TRACK


def test_it_counts_statuses_with_zeros() -> None:
    counts = st.count_statuses([st.LATE, st.LATE, st.COMPLETED])
    assert counts == {
        "planning": 0,
        "on_track": 0,
        "late": 2,
        "missed": 0,
        "completed": 1,
        "stopped": 0,
    }


def test_only_the_latest_occurrence_counts() -> None:
    days = [D, D + timedelta(days=7), D + timedelta(days=14)]
    assert st.latest_occurrence(days, D + timedelta(days=10)) == D + timedelta(days=7)
    assert st.latest_occurrence(days, D - timedelta(days=1)) is None


def test_the_module_does_not_know_django() -> None:
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(st.__file__).read_text())
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("django") or n.startswith("revmen")]


def test_it_sums_batch_counts_per_year_newest_first() -> None:
    from types import SimpleNamespace

    from revmen.projects.selectors import BatchCounts, by_year

    def group(year: int, **counts: int) -> BatchCounts:
        batch = SimpleNamespace(start_date=date(year, 2, 1))
        return BatchCounts(batch, {**st.count_statuses([]), **counts}, [])

    years = by_year([group(2025, late=2), group(2026, on_track=1), group(2025, completed=3)])
    assert [(y.year, y.counts["late"], y.counts["completed"], y.total) for y in years] == [
        (2026, 0, 0, 1),
        (2025, 2, 3, 5),
    ]
