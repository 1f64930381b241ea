"""The one import contract: every spreadsheet import reports an ``ImportResult``.

An import reads every row first and writes all or nothing (unless the user asks for the valid
rows only). It reports the rows it read, whether it wrote, each bad cell as a ``RowError(row,
column, reason)``, warnings (written, but look at this), notes (how the file was read) and its
own counts. Pages show ``as_dict()`` (a job's ``result``); commands print it with
``core.commands.report_import``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .spreadsheets import RowError

__all__ = ["ImportResult", "RowError"]


@dataclass
class ImportResult:
    rows: int = 0
    skipped_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        """What was (or would be) written, by name: ``{"units_created": 12}``."""
        return {}

    def message(self) -> str:
        """One translated sentence for the page that shows the result."""
        return ""

    def extra(self) -> dict[str, Any]:
        """Anything else the import's page needs."""
        return {}

    def line(self) -> str:
        """The command's summary line (stdout; ``report_import`` adds the skipped rows)."""
        verb = "would import" if self.dry_run else "imported"
        parts = [f"{name.replace('_', ' ')} {value}" for name, value in self.counts().items()]
        done = self.rows - self.skipped_rows
        return f"{verb} {done} row(s)" + (": " + ", ".join(parts) if parts else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "skipped_rows": self.skipped_rows,
            "errors": [str(error) for error in self.errors],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "written": self.written,
            "dry_run": self.dry_run,
            "message": self.message(),
            **self.counts(),
            **self.extra(),
        }
