"""Periodic jobs: register a function with ``@periodic(name, every=…)``, the worker runs it.

- ``@periodic("training.reminders", every=timedelta(hours=1))`` registers ``func()``; register
  from a module your ``AppConfig.ready`` imports, so every worker process knows the job.
- ``run_due()`` runs the registered jobs whose time has come. Each job has one ``PeriodicRun``
  row (unique name); a worker runs a job only after moving its ``next_run_at`` one period ahead
  in a single conditional UPDATE, so of two workers only one runs it in a period, on SQLite and
  PostgreSQL alike. A job that raises is recorded (``last_error``) and the others still run.
- The task ``periodic_tick`` calls ``run_due()`` every ``PERIODIC_TICK_SECONDS`` by queueing
  itself again. ``periodic_start()`` starts that chain; ``revmen serve`` (``make run``) calls it.
  The tick is claimed like a job: a tick that finds another chain has already ticked in this
  period ends its chain, so calling ``periodic_start()`` again (a restart, a second server)
  leaves one chain, not two.

Jobs run at most once per period and at least once per period while a worker runs; a job must
not mind running late, or a little early after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import PeriodicRun
from .outbox import outbox_send_due

logger = logging.getLogger(__name__)

# The row of the tick chain itself; no job may take this name.
TICK = "core.periodic.tick"
ERROR_LENGTH = 2000


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


JOBS: dict[str, PeriodicJob] = {}


def periodic(
    name: str, *, every: timedelta
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register ``func()`` to run every ``every``; registering a name again replaces it."""
    limit = PeriodicRun._meta.get_field("name").max_length
    if not name or name == TICK or (limit is not None and len(name) > limit):
        raise ValueError(f"bad periodic job name {name!r}")
    if every <= timedelta(0):
        raise ValueError("a periodic job needs a positive period")

    def register(func: Callable[[], object]) -> Callable[[], object]:
        JOBS[name] = PeriodicJob(name, every, func)
        return func

    return register


def claim(name: str, every: timedelta, now: datetime, *, early: timedelta = timedelta(0)) -> bool:
    """Take this period's run of ``name``: True for exactly one caller per period."""
    PeriodicRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
    won = PeriodicRun.objects.filter(name=name, next_run_at__lte=now + early).update(
        next_run_at=now + every, last_started_at=now
    )
    return won == 1


def _run(job: PeriodicJob) -> None:
    error = ""
    try:
        job.run()
    except Exception as exc:  # one broken job must not stop the others
        logger.exception("periodic job %s failed", job.name)
        error = (str(exc) or type(exc).__name__)[:ERROR_LENGTH]
    row = PeriodicRun.objects.get(name=job.name)
    row.last_finished_at, row.last_error, row.runs = timezone.now(), error, row.runs + 1
    row.save(update_fields=["last_finished_at", "last_error", "runs"])


def run_due(*, now: datetime | None = None) -> list[str]:
    """Run every registered job that is due and not taken; return the names that ran."""
    now = now or timezone.now()
    ran = []
    for job in list(JOBS.values()):
        if claim(job.name, job.every, now):
            _run(job)
            ran.append(job.name)
    return ran


def tick_interval() -> timedelta:
    return timedelta(seconds=settings.PERIODIC_TICK_SECONDS)


def periodic_start(*, now: datetime | None = None) -> None:
    """Start the tick chain now (or restart it); safe to call again: one chain remains."""
    now = now or timezone.now()
    PeriodicRun.objects.update_or_create(name=TICK, defaults={"next_run_at": now})
    periodic_tick.enqueue()


@task()
def periodic_tick() -> list[str]:
    interval = tick_interval()
    now = timezone.now()
    # Claiming the tick and queueing the next one commit together: the chain is never lost
    # between them. Half a period of slack absorbs clocks of workers on different machines.
    with transaction.atomic():
        if not claim(TICK, interval, now, early=interval / 2):
            return []
        periodic_tick.using(run_after=now + interval).enqueue()
    return run_due(now=now)


# core's own periodic jobs ---------------------------------------------------------------------


@periodic("core.outbox", every=timedelta(minutes=1))
def outbox_retry_sweep() -> int:
    """Send the e-mails whose (next) attempt is due: the retry sweep of ``core.outbox``."""
    return outbox_send_due()


@periodic("core.prune_task_results", every=timedelta(days=1))
def prune_task_results() -> None:
    """Delete finished task rows after ``TASK_RESULTS_KEEP_DAYS``: the tick alone queues one
    every ``PERIODIC_TICK_SECONDS``, and old rows only say when something ran."""
    from django.core.management import call_command

    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
        verbosity=0,
    )
