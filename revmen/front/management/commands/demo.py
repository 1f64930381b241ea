"""``revmen demo``: load the demo once and print one login per role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.front.demo import LOGINS, PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the Indonesian demo data (fixed seed; a second run changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even with DEBUG off (never on a production database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: refusing to load demo data (use --force)", returncode=2
            )
        result = load_demo()
        counts = ", ".join(f"{key} {value}" for key, value in result.counts.items())
        state = "demo loaded" if result.created else "demo already loaded, nothing changed"
        self.stdout.write(f"{state}: {counts}")
        self.stdout.write(f"logins (password: {PASSWORD}):")
        for email, label in LOGINS.values():
            self.stdout.write(f"  {label:<38} {email}")
