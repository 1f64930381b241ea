"""``revmen serve [ADDR:PORT]``: the web server and the task worker together; Ctrl-C stops both.

The worker also runs the periodic jobs (``core.periodic``): serving starts their tick chain.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from revmen.core.periodic import periodic_start


class Command(BaseCommand):
    help = "Serve the site with runserver and run the background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        self._start_periodic()
        worker = subprocess.Popen(
            [sys.executable, "-m", "revmen.cli", "db_worker", "--interval", "0.5"],
        )
        previous = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            self.stdout.write(f"worker started (pid {worker.pid}); serving {options['addrport']}")
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _start_periodic(self) -> None:
        try:
            periodic_start()
        except DatabaseError as error:  # not migrated yet: serve anyway, say why jobs wait
            self.stderr.write(f"periodic jobs not started ({error}); run `revmen migrate`")
