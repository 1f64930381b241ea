"""``revmen serve`` keeps its worker process running: one that ends is started again."""

from __future__ import annotations

import sys
import time

from revmen.front.management.commands.serve import WORKER, WorkerSupervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_it_starts_the_worker_again_when_its_process_ends() -> None:
    said: list[str] = []
    restarted: list[int] = []
    supervisor = WorkerSupervisor(SLEEPER, say=said.append, on_restart=lambda: restarted.append(1))
    supervisor.start()
    try:
        first = supervisor.process
        first.kill()
        assert _until(lambda: supervisor.restarts == 1, 10), said
        assert supervisor.process.pid != first.pid
        assert supervisor.process.poll() is None
        assert restarted == [1]
        assert said[0].startswith("worker exited (code -9)")
        assert said[1] == f"worker started again (pid {supervisor.process.pid})"
    finally:
        supervisor.stop()
    assert supervisor.process.poll() is not None


def test_it_stops_the_worker_and_starts_no_other() -> None:
    supervisor = WorkerSupervisor(SLEEPER, say=lambda _text: None)
    supervisor.start()
    supervisor.stop()
    time.sleep(1.5)  # longer than the first wait before a restart
    assert supervisor.process.poll() is not None
    assert supervisor.restarts == 0


def test_it_supervises_the_worker_itself_not_an_autoreloader() -> None:
    # With the autoreloader (on under DEBUG) the process serve watches would be the reloader,
    # not the worker: a dead worker would not always end it.
    assert WORKER[2:4] == ["revmen.cli", "db_worker"]
    assert "--no-reload" in WORKER
