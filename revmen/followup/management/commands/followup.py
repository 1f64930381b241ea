"""``revmen followup run [--now YYYY-MM-DD]``: what the daily periodic job does, by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.followup.scheduler import followup_run


class Command(BaseCommand):
    help = "Send the 360° follow-up questionnaires and reminders due as of a day."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="open due rounds, send and remind, freeze closed rounds")
        run.add_argument("--now", help="the day to act as of, YYYY-MM-DD (default: today, WIB)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("now"):
            try:
                today = date.fromisoformat(options["now"])
            except ValueError:
                message = f"--now must be a date YYYY-MM-DD; got {options['now']!r}"
                raise CommandError(message) from None
        result = followup_run(today)
        if options["verbosity"] > 1:
            self.stdout.write(
                f"opened {result.opened} · frozen {result.frozen} · milestones {result.milestones}"
            )
        self.stdout.write(f"sent {result.sent}")
