"""Periodic jobs: once per period whoever asks, recorded, run by the worker's tick chain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from revmen.core import periodic
from revmen.core.models import OutboxMessage, PeriodicRun
from revmen.core.outbox import outbox_queue
from revmen.front.testing import run_queued_tasks

pytestmark = pytest.mark.django_db
calls: list[str] = []
TICK_PATH = "revmen.core.periodic.periodic_tick"


@pytest.fixture(autouse=True)
def _jobs():  # type: ignore[no-untyped-def]
    """Test jobs are registered for one test only."""
    registered = dict(periodic.JOBS)
    yield
    periodic.JOBS.clear()
    periodic.JOBS.update(registered)
    calls.clear()


def _register(name: str, every: timedelta = timedelta(hours=1), fail: bool = False) -> None:
    @periodic.periodic(name, every=every)
    def job() -> None:
        calls.append(name)
        if fail:
            raise OSError("disk full")


def _pending_ticks() -> int:
    return DBTaskResult.objects.filter(task_path=TICK_PATH, status="READY").count()


def test_the_outbox_sweep_is_the_first_registered_job() -> None:
    first = next(iter(periodic.JOBS.values()))
    assert (first.name, first.every) == ("core.outbox", timedelta(minutes=1))


def test_a_job_runs_once_per_period_however_often_the_runner_is_called() -> None:
    _register("test.hourly")
    start = timezone.now()
    assert "test.hourly" in periodic.run_due(now=start)
    assert "test.hourly" not in periodic.run_due(now=start)  # a second worker, same moment
    assert "test.hourly" not in periodic.run_due(now=start + timedelta(minutes=59))
    assert "test.hourly" in periodic.run_due(now=start + timedelta(hours=1))
    assert calls == ["test.hourly", "test.hourly"]
    row = PeriodicRun.objects.get(name="test.hourly")
    assert (row.runs, row.last_error) == (2, "")
    assert row.last_started_at == start + timedelta(hours=1)
    assert row.next_run_at == start + timedelta(hours=2)
    assert row.last_finished_at is not None


def test_only_one_claim_per_period_wins() -> None:
    now = timezone.now()
    every = timedelta(minutes=5)
    assert [periodic.claim("test.claim", every, now) for _ in range(3)] == [True, False, False]
    assert periodic.claim("test.claim", every, now + every)
    assert PeriodicRun.objects.filter(name="test.claim").count() == 1


def test_a_failing_job_is_recorded_and_the_others_still_run() -> None:
    _register("test.broken", fail=True)
    _register("test.fine")
    ran = periodic.run_due()
    assert {"test.broken", "test.fine"} <= set(ran)
    assert calls[-2:] == ["test.broken", "test.fine"]
    broken = PeriodicRun.objects.get(name="test.broken")
    assert (broken.last_error, broken.runs) == ("disk full", 1)


def test_bad_registrations_are_refused() -> None:
    with pytest.raises(ValueError):
        periodic.periodic(periodic.TICK, every=timedelta(minutes=1))
    with pytest.raises(ValueError):
        periodic.periodic("test.never", every=timedelta(0))


def test_the_worker_ticks_runs_due_jobs_and_queues_the_next_tick(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PERIODIC_TICK_SECONDS = 30
    _register("test.hourly")
    message = outbox_queue(to="ani@example.go.id", subject="Halo", text="Halo.")  # not committed
    periodic.periodic_start()
    run_queued_tasks()
    assert calls == ["test.hourly"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT  # the retry sweep sent it
    [next_tick] = DBTaskResult.objects.filter(task_path=TICK_PATH, status="READY")
    assert next_tick.run_after > timezone.now() + timedelta(seconds=20)
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


def test_starting_again_leaves_one_tick_chain_not_two() -> None:
    periodic.periodic_start()
    periodic.periodic_start()
    assert _pending_ticks() == 2
    run_queued_tasks()
    assert _pending_ticks() == 1


def test_a_tick_of_a_chain_that_lost_its_period_ends_it() -> None:
    periodic.periodic_start()
    run_queued_tasks()
    assert _pending_ticks() == 1
    periodic.periodic_tick.enqueue()  # a stray tick from an old chain, a moment later
    run_queued_tasks()
    assert _pending_ticks() == 1


def test_the_command_starts_the_chain_and_lists_the_jobs() -> None:
    import io
    import json

    from django.core.management import call_command

    call_command("periodic", "start", stdout=io.StringIO())
    out = io.StringIO()
    call_command("periodic", "list", "--json", stdout=out)
    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert rows["core.periodic.tick"]["next_run_at"] is not None
    assert rows["core.prune_task_results"]["every_seconds"] == 86400


def test_old_finished_task_rows_are_pruned_and_recent_ones_kept() -> None:
    periodic.periodic_start()  # queues one tick row
    periodic.periodic_start()
    old, recent = DBTaskResult.objects.order_by("enqueued_at")[:2]
    for row, age in ((old, 8), (recent, 2)):
        DBTaskResult.objects.filter(pk=row.pk).update(
            status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=age)
        )
    periodic.prune_task_results()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
