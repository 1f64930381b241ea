"""``revmen agencies import FILE`` and ``revmen agencies list [--json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q

from revmen.accounts.imports import import_agencies
from revmen.accounts.models import Agency
from revmen.core.commands import input_file, report_import
from revmen.core.spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = "Import agencies and unit trees from a spreadsheet, or list agencies."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="columns agency_code, agency_name, unit_path")
        imp.add_argument("file", help=".xlsx or .csv")
        imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        imp.add_argument(
            "--only-valid",
            action="store_true",
            help="import the valid rows even when others are bad",
        )
        lst = sub.add_parser("list", help="list agencies with their number of units")
        lst.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        else:
            self._list(options)

    def _import(self, options: dict[str, Any]) -> None:
        path = input_file(options["file"])
        try:
            result = import_agencies(
                path.name,
                path.read_bytes(),
                dry_run=options["dry_run"],
                only_valid=options["only_valid"],
            )
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=2) from None
        report_import(self, result, partial=options["only_valid"])

    def _list(self, options: dict[str, Any]) -> None:
        agencies = Agency.objects.annotate(
            n_units=Count("units", filter=Q(units__parent__isnull=False))
        ).order_by("code")
        rows = [{"code": a.code, "name": a.name, "units": a.n_units} for a in agencies]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        width = max([len(r["code"]) for r in rows] + [4])
        self.stdout.write(f"{'code':<{width}}  units  name")
        for r in rows:
            self.stdout.write(f"{r['code']:<{width}}  {r['units']:>5}  {r['name']}")
