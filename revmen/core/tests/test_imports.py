"""The one import contract and its one printer: errors on stderr, summary on stdout, exit 2."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management.base import BaseCommand, CommandError

from revmen.core.commands import report_import
from revmen.core.imports import ImportResult, RowError


@dataclass
class Things(ImportResult):
    things_created: int = 0

    def counts(self) -> dict[str, int]:
        return {"things_created": self.things_created}


def printed(result: ImportResult, **kwargs: bool) -> tuple[str, str]:
    command = BaseCommand(stdout=io.StringIO(), stderr=io.StringIO())
    report_import(command, result, **kwargs)
    return command.stdout.getvalue(), command.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_clean_import_prints_only_its_summary_on_stdout() -> None:
    out, err = printed(Things(rows=3, written=True, things_created=3, notes=["Ignored: x"]))
    assert out == "imported 3 row(s): things created 3\n"
    assert err == "note: Ignored: x\n"


def test_bad_rows_go_to_stderr_and_exit_2() -> None:
    result = Things(rows=2, errors=[RowError(2, "code", "is empty"), RowError(0, "--org", "?")])
    command = BaseCommand(stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError) as caught:
        report_import(command, result)
    assert caught.value.returncode == 2
    assert command.stderr.getvalue() == "row 2: code: is empty\n--org: ?\n"  # type: ignore[attr-defined]
    assert command.stdout.getvalue() == ""  # type: ignore[attr-defined]


def test_the_valid_rows_only_print_what_was_skipped() -> None:
    result = Things(rows=3, skipped_rows=1, written=True, things_created=2)
    result.errors.append(RowError(3, "name", "is empty"))
    result.warnings.append("row 2: looks odd")
    out, err = printed(result, partial=True)
    assert out.splitlines() == ["skipped 1 bad row(s)", "imported 2 row(s): things created 2"]
    assert err.splitlines() == ["warning: row 2: looks odd", "row 3: name: is empty"]


def test_a_dry_run_says_would() -> None:
    assert Things(rows=4, dry_run=True).line() == "would import 4 row(s): things created 0"


def test_the_page_gets_every_field_and_the_counts() -> None:
    result = Things(rows=1, written=True, things_created=1, errors=[RowError(2, "a", "b")])
    assert result.as_dict() == {
        "rows": 1,
        "skipped_rows": 0,
        "errors": ["row 2: a: b"],
        "warnings": [],
        "notes": [],
        "written": True,
        "dry_run": False,
        "message": "",
        "things_created": 1,
    }
