"""The task worker outlives a database restart: it waits, reconnects and keeps running tasks."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from revmen.core.models import PeriodicRun
from revmen.core.periodic import TICK, periodic_tick
from revmen.core.tests.pg import database_url, maintenance

ROOT = Path(__file__).resolve().parents[3]
WORKER = [sys.executable, "-m", "revmen.cli", "db_worker"]


def test_it_is_our_worker_that_db_worker_runs() -> None:
    assert get_commands()["db_worker"] == "revmen.core"


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a server that drops its connections is PostgreSQL's"
)
class DatabaseRestartTests(TransactionTestCase):
    """A real worker process against the test database, whose connections are cut."""

    def setUp(self) -> None:
        self.log = Path(tempfile.mkstemp(prefix="revmen-worker-", suffix=".log")[1])
        env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
        with self.log.open("wb") as out:
            self.worker = subprocess.Popen(
                [*WORKER, "--interval", "0.2", "--no-reload", "--no-startup-delay"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def tearDown(self) -> None:
        self._allow_connections(True)
        self.worker.terminate()
        try:
            self.worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.worker.kill()
        self.log.unlink()

    def _allow_connections(self, allowed: bool) -> None:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with maintenance() as server:  # a database cannot lock itself out
            server.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allowed).lower()}")

    def _cut_the_other_connections(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return int(cursor.fetchone()[0])

    def _runs(self) -> bool:
        result = periodic_tick.enqueue()

        def finished() -> bool:
            result.refresh()
            return result.status.name in {"SUCCESSFUL", "FAILED"}

        return _until(finished, 60) and result.status.name == "SUCCESSFUL"

    def test_it_runs_tasks_queued_after_the_database_went_away_and_came_back(self) -> None:
        self.assertTrue(self._runs(), self.log.read_text())
        # What a restart looks like to the worker: its connection dies, and connecting again
        # is refused for a while. The cluster itself is shared, so only this database is cut.
        self._allow_connections(False)
        self.assertGreaterEqual(self._cut_the_other_connections(), 1)
        outage_started = timezone.now()
        waited = _until(lambda: "database unavailable" in self.log.read_text(), 20)
        self.assertTrue(waited or self.worker.poll() is not None, self.log.read_text())
        time.sleep(1.5)  # at least one more refused reconnect
        self._allow_connections(True)

        self.assertTrue(self._runs(), self.log.read_text())
        self.assertIsNone(self.worker.poll(), "the worker process ended")
        tick = PeriodicRun.objects.get(name=TICK)
        self.assertIsNotNone(tick.last_started_at)
        self.assertGreater(tick.last_started_at, outage_started)  # the tick chain goes on

    def test_it_waits_out_a_connection_cut_between_tasks(self) -> None:
        self.assertTrue(self._runs(), self.log.read_text())
        self._cut_the_other_connections()
        self.assertTrue(self._runs(), self.log.read_text())
        self.assertIsNone(self.worker.poll())
