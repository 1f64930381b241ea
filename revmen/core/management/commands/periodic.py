"""``revmen periodic start|list``: start the worker's periodic jobs, or see how they run."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from revmen.core.models import PeriodicRun
from revmen.core.periodic import JOBS, TICK, periodic_start


class Command(BaseCommand):
    help = "Start the periodic jobs' tick chain (once per deployment), or list the jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("start", help="start (or restart) the tick chain; one chain remains")
        listing = actions.add_parser("list", help="registered jobs with their last run")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "start":
            periodic_start()
            self.stdout.write("periodic jobs started")
            return
        runs = {row.name: row for row in PeriodicRun.objects.all()}
        rows = []
        for name in [TICK, *sorted(JOBS)]:
            row = runs.get(name)
            every = JOBS[name].every.total_seconds() if name in JOBS else None
            rows.append(
                {
                    "name": name,
                    "every_seconds": int(every) if every is not None else None,
                    "next_run_at": row.next_run_at.isoformat() if row else None,
                    "last_finished_at": row.last_finished_at.isoformat()
                    if row and row.last_finished_at
                    else None,
                    "runs": row.runs if row else 0,
                    "last_error": row.last_error if row else "",
                }
            )
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for r in rows:
            state = f"error: {r['last_error']}" if r["last_error"] else f"runs {r['runs']}"
            self.stdout.write(f"{r['name']:<28} next {r['next_run_at'] or '-':<34} {state}")
