"""``revmen backup DIR``: the database, uploaded files and a manifest, into a new folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into DIR (new or empty), with manifest.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        tables = manifest["tables"].values()
        rows = sum(table["rows"] for table in tables)
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"backed up {len(tables)} tables ({rows} rows) and {media} files to {directory}"
        )
