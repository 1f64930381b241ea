"""``revmen enrol import --batch CODE FILE [--dry-run]`` and ``revmen enrol template FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.core.commands import input_file, report_import
from revmen.core.spreadsheets import SpreadsheetError
from revmen.training.exports import enrolment_template
from revmen.training.imports import import_enrolments
from revmen.training.models import Batch


class Command(BaseCommand):
    help = "Enrol participants into a batch from a spreadsheet, or write the template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="columns nip, nama, email, instansi, unit, jabatan, pangkat_golongan"
        )
        imp.add_argument("--batch", required=True, help="the batch code")
        imp.add_argument("file", help=".xlsx or .csv")
        imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        imp.add_argument(
            "--only-valid",
            action="store_true",
            help="enrol the valid rows even when others are bad",
        )
        tpl = sub.add_parser("template", help="write the empty enrolment sheet")
        tpl.add_argument("file", help="FILE.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            path = Path(options["file"])
            if path.suffix.lower() != ".xlsx":
                raise CommandError("the template is an .xlsx file", returncode=2)
            path.write_bytes(enrolment_template().content)
            self.stdout.write(f"wrote {path}")
            return
        self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        batch = Batch.objects.filter(code=options["batch"]).select_related("programme").first()
        if batch is None:
            raise CommandError(f"unknown batch {options['batch']}", returncode=2)
        path = input_file(options["file"])
        try:
            result = import_enrolments(
                path.name,
                path.read_bytes(),
                batch=batch,
                dry_run=options["dry_run"],
                only_valid=options["only_valid"],
            )
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=2) from None
        report_import(self, result, partial=options["only_valid"])
