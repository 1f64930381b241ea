"""``revmen instruments load-library | list | export | import``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.core.commands import input_file, report_import
from revmen.core.spreadsheets import SpreadsheetError
from revmen.instruments.datasets import FORMATS, export_responses
from revmen.instruments.library import load_library
from revmen.instruments.limesurvey import LssError, export_lss, import_lss
from revmen.instruments.models import Administration, Instrument, InstrumentKind
from revmen.instruments.response_imports import SOURCES, import_responses, read_map
from revmen.instruments.spreadsheet import export_version, import_instrument


class Command(BaseCommand):
    help = "Load the built-in instrument library, list instruments, export or import as .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-library", help="load the built-in instruments (idempotent)")
        lst = sub.add_parser("list", help="list instruments and their versions")
        lst.add_argument("--json", action="store_true")
        exp = sub.add_parser(
            "export", help="write an instrument version as .xlsx, or as LimeSurvey .lss"
        )
        exp.add_argument("code")
        exp.add_argument("file")
        exp.add_argument("--version", type=int, help="default: the latest")
        imp = sub.add_parser(
            "import",
            help="create an instrument, or its next version, from .xlsx or LimeSurvey .lss",
        )
        imp.add_argument("file")
        imp.add_argument("--code", required=True)
        imp.add_argument("--name", default="")
        imp.add_argument(
            "--kind",
            choices=InstrumentKind.values,
            help="default: attitude for a spreadsheet, reaction for a LimeSurvey survey",
        )

        resp = sub.add_parser(
            "export-responses",
            help="write an administration's responses as .xlsx, .csv or SPSS .sav "
            "(anonymous ones shuffled, dates only, hidden units rolled up)",
        )
        resp.add_argument("administration", type=int, help="the administration's id")
        resp.add_argument("file", help="where to write; the format follows --format")
        resp.add_argument("--format", choices=FORMATS, default="csv")

        ir = sub.add_parser(
            "import-responses",
            help="import a LimeSurvey or Google Forms response file as a closed, anonymous "
            "administration (all or nothing)",
        )
        ir.add_argument("file")
        ir.add_argument("--code", required=True, help="the instrument")
        ir.add_argument("--version", type=int, help="default: the latest")
        ir.add_argument("--from", dest="source", required=True, choices=SOURCES)
        ir.add_argument("--map", help="CSV of column heading, item code (empty: leave out)")
        ir.add_argument("--title", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _load_library(self, options: dict[str, Any]) -> None:
        for result in load_library():
            state = "loaded" if result.created else "unchanged"
            self.stdout.write(f"{result.code} v{result.version}: {state}")

    def _list(self, options: dict[str, Any]) -> None:
        rows: list[dict[str, Any]] = [
            {
                "code": i.code,
                "name": i.name,
                "kind": i.kind,
                "versions": [v.number for v in i.versions.all()],
                "items": latest.items.count() if (latest := i.latest_version()) else 0,
            }
            for i in Instrument.objects.prefetch_related("versions")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['code']:<22} v{row['versions'][-1] if row['versions'] else '-'}"
                f"  {row['items']:>3} items  {row['name']}"
            )

    def _export(self, options: dict[str, Any]) -> None:
        instrument = Instrument.objects.filter(code=options["code"].upper()).first()
        if instrument is None:
            raise CommandError(f"unknown instrument {options['code']}", returncode=2)
        versions = instrument.versions.all()
        version = (
            versions.filter(number=options["version"]).first()
            if options["version"]
            else instrument.latest_version()
        )
        if version is None:
            raise CommandError("no such version", returncode=2)
        target = Path(options["file"])
        lss = target.suffix.lower() == ".lss"
        target.write_bytes(export_lss(version) if lss else export_version(version))
        self.stdout.write(f"wrote {version} to {options['file']}")

    def _import(self, options: dict[str, Any]) -> None:
        path = input_file(options["file"])
        if path.suffix.lower() == ".lss":
            self._import_lss(path, options)
            return
        try:
            result = import_instrument(
                filename=path.name,
                content=path.read_bytes(),
                code=options["code"],
                name=options["name"],
                kind=options["kind"] or InstrumentKind.ATTITUDE,
            )
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=2) from None
        report_import(self, result)

    def _import_lss(self, path: Path, options: dict[str, Any]) -> None:
        """Skipped questions are listed on stderr and do not change the exit code: 0 when
        anything was imported, 2 when nothing could be (or the file is not an .lss)."""
        try:
            survey, result = import_lss(
                filename=path.name,
                content=path.read_bytes(),
                code=options["code"],
                name=options["name"],
                kind=options["kind"] or InstrumentKind.REACTION,
            )
        except LssError as error:
            raise CommandError(str(error), returncode=2) from None
        for skipped in survey.skipped:
            self.stderr.write(str(skipped))
        report_import(self, result)

    def _export_responses(self, options: dict[str, Any]) -> None:
        administration = Administration.objects.filter(pk=options["administration"]).first()
        if administration is None:
            raise CommandError(f"unknown administration {options['administration']}", returncode=2)
        export = export_responses(administration, options["format"])
        Path(options["file"]).write_bytes(export.content)
        self.stdout.write(
            f"wrote {administration.responses.count()} responses to {options['file']}"
        )

    def _import_responses(self, options: dict[str, Any]) -> None:
        instrument = Instrument.objects.filter(code=options["code"].upper()).first()
        if instrument is None:
            raise CommandError(f"unknown instrument {options['code']}", returncode=2)
        version = (
            instrument.versions.filter(number=options["version"]).first()
            if options["version"]
            else instrument.latest_version()
        )
        if version is None:
            raise CommandError("no such version", returncode=2)
        path = input_file(options["file"])
        mapping = read_map(input_file(options["map"]).read_bytes()) if options["map"] else None
        result = import_responses(
            version=version,
            source=options["source"],
            filename=path.name,
            content=path.read_bytes(),
            mapping=mapping,
            title=options["title"],
        )
        report_import(self, result)
        if result.administration is not None:
            self.stdout.write(f"administration {result.administration.pk}")
