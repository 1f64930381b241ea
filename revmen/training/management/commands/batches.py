"""``revmen batches list [--json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from revmen.training.selectors import batch_rows


class Command(BaseCommand):
    help = "List batches with their status and number of participants."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="batches ordered by start date")
        lst.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = batch_rows()
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        width = max([len(r["code"]) for r in rows] + [4])
        self.stdout.write(f"{'code':<{width}}  {'start':<10}  {'end':<10}  status   peserta")
        for r in rows:
            self.stdout.write(
                f"{r['code']:<{width}}  {r['start']}  {r['end']}  {r['status']:<7}  "
                f"{r['participants']:>7}  {r['programme']}"
            )
