"""``revmen serve [ADDR:PORT]``: the web server and the task worker together; Ctrl-C stops both.

The worker also runs the periodic jobs (``core.periodic``): serving starts their tick chain.
The worker waits out a database restart by itself (``core.worker``); should its process end
anyway (killed, out of memory, a bug), serve starts it again, waiting 1 s, doubling up to
30 s while it keeps dying, and starts the tick chain again with it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection

from revmen.core.periodic import periodic_start
from revmen.core.worker import Backoff

WORKER = [sys.executable, "-m", "revmen.cli", "db_worker", "--interval", "0.5", "--no-reload"]


class WorkerSupervisor:
    """Keep one process of ``command`` running: start it, and start it again when it ends."""

    def __init__(
        self,
        command: list[str],
        *,
        say: Callable[[str], None],
        on_restart: Callable[[], None] = lambda: None,
    ) -> None:
        self.command, self.say, self.on_restart = command, say, on_restart
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self.process = self._spawn()

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        self._spawned_at = time.monotonic()
        return subprocess.Popen(self.command)

    def _watch(self) -> None:
        backoff = Backoff()
        while True:
            code = self.process.wait()
            if self._stopping.is_set():
                return
            wait = backoff.next(time.monotonic() - self._spawned_at)
            self.say(f"worker exited (code {code}); starting it again in {wait:.0f} s")
            if self._stopping.wait(wait):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self.process = self._spawn()
                self.restarts += 1
            self.say(f"worker started again (pid {self.process.pid})")
            self.on_restart()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            process = self.process
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class Command(BaseCommand):
    help = "Serve the site with runserver and run the background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        self._start_periodic()
        worker = WorkerSupervisor(WORKER, say=self.stderr.write, on_restart=self._restart_periodic)
        worker.start()
        previous = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            self.stdout.write(
                f"worker started (pid {worker.process.pid}); serving {options['addrport']}"
            )
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            worker.stop()

    def _start_periodic(self) -> None:
        try:
            periodic_start()
        except DatabaseError as error:  # not migrated yet: serve anyway, say why jobs wait
            self.stderr.write(f"periodic jobs not started ({error}); run `revmen migrate`")

    def _restart_periodic(self) -> None:
        # A worker that died mid-tick ended the chain; this runs on the supervisor's thread,
        # which then closes its own connection.
        try:
            self._start_periodic()
        finally:
            connection.close()
