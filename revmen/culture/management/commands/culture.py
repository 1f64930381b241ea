"""``revmen culture import …`` and ``revmen culture report … --json``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.accounts.models import Agency
from revmen.core.commands import input_file, report_import
from revmen.core.spreadsheets import SpreadsheetError
from revmen.culture.imports import import_wave
from revmen.culture.models import Wave
from revmen.culture.report import build_report, report_json


class Command(BaseCommand):
    help = "Import a past culture wave from CSV, or print a wave's report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="load a past wave into a new, closed wave")
        imp.add_argument("file")
        imp.add_argument("--org", required=True)
        imp.add_argument("--create-org", default="", metavar="NAME")
        imp.add_argument("--create-units", action="store_true")
        imp.add_argument("--wave", required=True)
        imp.add_argument("--date", type=date.fromisoformat, default=None)
        rep = sub.add_parser("report", help="a wave's report per unit")
        rep.add_argument("--org", required=True)
        rep.add_argument("--wave", required=True)
        rep.add_argument("--min-group", type=int, default=None)
        rep.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        else:
            self._report(options)

    def _import(self, options: dict[str, Any]) -> None:
        path = input_file(options["file"])
        try:
            result = import_wave(
                filename=path.name,
                content=path.read_bytes(),
                agency_code=options["org"],
                wave_name=options["wave"],
                on=options["date"],
                create_org=options["create_org"],
                create_units=options["create_units"],
            )
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=2) from None
        report_import(self, result)

    def _report(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["org"].strip().upper()).first()
        wave = Wave.objects.filter(agency=agency, name=options["wave"]).first() if agency else None
        if wave is None:
            raise CommandError(f"no wave {options['wave']} for {options['org']}", returncode=2)
        if options["min_group"] is not None and options["min_group"] < 1:
            raise CommandError("--min-group must be at least 1", returncode=2)
        if not wave.is_closed:
            raise CommandError("the wave is still open: only counts may be shown", returncode=2)
        data = report_json(build_report(wave, k=options["min_group"], with_extras=False))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{data['organisation']} · {data['wave']} · k = {data['min_group_size']}")
        for row in data["units"]:
            index = f"{row['index']:.1f} {row['category']}" if row["shown"] else "-"
            self.stdout.write(f"{row['n']:>7}  {index:>8}  {row['unit']}")
