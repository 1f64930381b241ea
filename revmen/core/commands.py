"""Helpers shared by the management commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand, CommandError

if TYPE_CHECKING:
    from .imports import ImportResult


def input_file(name: str) -> Path:
    """The file an import command was asked to read; a missing or too large file exits 2 like
    any bad input."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from .spreadsheets import TOO_LARGE

    path = Path(name)
    if not path.is_file():
        raise CommandError(f"no such file: {path}", returncode=2)
    if path.stat().st_size > settings.IMPORT_MAX_MB * 1024 * 1024:  # before reading it all
        raise CommandError(_(TOO_LARGE) % {"max": settings.IMPORT_MAX_MB}, returncode=2)
    return path


def report_import(command: BaseCommand, result: ImportResult, *, partial: bool = False) -> None:
    """How every command reports an import: notes, warnings and bad rows on stderr, the summary
    line on stdout. Bad rows exit 2 (nothing was written) unless ``partial`` (the valid rows
    were asked for and written)."""
    for note in result.notes:
        command.stderr.write(f"note: {note}")
    for warning in result.warnings:
        command.stderr.write(f"warning: {warning}")
    for error in result.errors:
        command.stderr.write(str(error))
    if result.errors and not partial:
        raise CommandError(f"{len(result.errors)} bad row(s): nothing imported", returncode=2)
    if result.skipped_rows:
        command.stdout.write(f"skipped {result.skipped_rows} bad row(s)")
    command.stdout.write(result.line())
