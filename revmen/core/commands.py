"""Helpers shared by the management commands."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def input_file(name: str) -> Path:
    """The file a command was asked to read; a missing file exits 2 like any bad input."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"no such file: {path}", returncode=2)
    return path
