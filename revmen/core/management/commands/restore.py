"""``revmen restore DIR``: load a ``revmen backup`` into an empty instance and check it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.core.backup import BackupError, restore, unapplied_migrations


class Command(BaseCommand):
    help = "Restore a backup folder into this instance's empty database and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        try:
            manifest = restore(directory)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        tables = manifest["tables"].values()
        rows = sum(table["rows"] for table in tables)
        self.stdout.write(
            f"restored {len(tables)} tables ({rows} rows) from the backup of "
            f"{manifest['created_at']} (revmen {manifest['revmen_version']}); checksums match"
        )
        if missing := unapplied_migrations():
            self.stderr.write(
                f"note: {missing} migration(s) of this version to apply: run `revmen migrate`"
            )
