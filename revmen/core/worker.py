"""The task worker that outlives a database restart (``revmen db_worker``, ``revmen serve``).

django-tasks' worker (``django_tasks_db``) lets every database error but a locked SQLite file
escape its loop: when PostgreSQL restarts, the next query (or the reconnect, refused while the
server shuts down and starts up) raises ``OperationalError`` and the process exits. Nothing
restarted it, so queued work (the culture fold, imports, e-mail) waited until someone did.

``ResilientWorker`` runs the same loop; on ``OperationalError`` or ``InterfaceError`` it closes
its connections, waits (1 s, doubling up to 30 s) and goes on. Once the database answers again
it re-arms the periodic jobs' tick chain (``core.periodic``): a tick cut off mid-transaction
would otherwise have ended the chain. A ``--batch`` worker still exits on the error, so
whoever runs it sees that it failed. A task that was running when the connection died stays
marked as running (its end could not be written); work queued after it runs as usual, and a
``core.Job`` shows as failed after its silence (``core.jobs``).
"""

from __future__ import annotations

import logging
import time
from contextlib import suppress
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker

from .periodic import periodic_start

# A child of the worker's own logger: `db_worker` gives that one its handler and level.
logger = logging.getLogger("django_tasks_db.revmen")

FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 30.0
LOST = (OperationalError, InterfaceError)


class Backoff:
    """Waits between retries: 1 s, doubling up to 30 s while failures follow each other; after
    a good while without one (longer than the longest wait) it starts again at 1 s."""

    def __init__(self) -> None:
        self.wait = FIRST_WAIT_SECONDS

    def next(self, ran_for: float) -> float:
        """The wait before the next try, after a try that lasted ``ran_for`` seconds."""
        if ran_for > LONGEST_WAIT_SECONDS:
            self.wait = FIRST_WAIT_SECONDS  # a new failure, not the same one going on
        wait = self.wait
        self.wait = min(self.wait * 2, LONGEST_WAIT_SECONDS)
        return wait


class ResilientWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outages = 0
        self._rearm = False

    def run(self) -> None:
        backoff = Backoff()
        while self.running:
            started = time.monotonic()
            try:
                if self._rearm:
                    rearm_periodic()
                    self._rearm = False
                super().run()
                return  # --batch or --max-tasks ended it
            except LOST as error:
                if self.batch:
                    raise
                wait = backoff.next(time.monotonic() - started)
                self.running_task = False
                self.outages += 1
                self._rearm = True
                logger.warning("database unavailable (%s); retrying in %.0f s", error, wait)
                close_connections()
                time.sleep(wait)


def close_connections() -> None:
    """Drop this thread's connections; closing a dead one may raise, and that is fine."""
    for connection in connections.all(initialized_only=True):
        with suppress(DatabaseError):
            connection.close()


def rearm_periodic() -> None:
    """Start the tick chain again (one chain remains); a lost database raises to retry."""
    try:
        periodic_start()
    except LOST:
        raise
    except DatabaseError as error:  # e.g. not migrated: the worker runs tasks all the same
        logger.warning("periodic jobs not re-armed (%s)", error)
        close_connections()
    else:
        logger.info("database back; periodic jobs re-armed")
