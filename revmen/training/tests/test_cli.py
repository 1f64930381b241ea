"""``revmen enrol import|template`` and ``revmen batches list --json``."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from openpyxl import load_workbook

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.training.models import Batch, BatchRole, Enrolment

from .helpers import HEADER, nip, person_row, xlsx


class EnrolCommandTests(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def enrol(self, content: bytes, *args: str) -> tuple[str, str]:
        path = self.tmp / "peserta.xlsx"
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "enrol", "import", "--batch", "PRM-T-I", str(path), *args, stdout=out, stderr=err
        )
        return out.getvalue(), err.getvalue()

    def test_a_clean_file_ends_with_the_enrolled_line(self) -> None:
        out, err = self.enrol(xlsx([person_row(n) for n in range(3)]))
        assert out.splitlines()[-1] == "enrolled 3 (created 3, matched 0, already 0)"
        assert err == ""

    def test_bad_rows_print_one_line_each_exit_2_and_enrol_nobody(self) -> None:
        content = xlsx([person_row(1), person_row(2, nip=float(nip(2))), person_row(3, unit="X")])
        with self.assertRaises(CommandError) as caught:
            self.enrol(content)
        assert caught.exception.returncode == 2
        assert not Person.objects.filter(nip=nip(1)).exists()

    def test_bad_rows_are_written_as_row_column_reason(self) -> None:
        content = xlsx([person_row(1), person_row(3, unit="X")])
        err = io.StringIO()
        path = self.tmp / "p.xlsx"
        path.write_bytes(content)
        with self.assertRaises(CommandError):
            call_command("enrol", "import", "--batch", "PRM-T-I", str(path), stderr=err)
        assert err.getvalue().splitlines() == ["row 3: unit: unknown unit “X” in PEMPROV-A"]

    def test_an_unknown_batch_exits_2(self) -> None:
        path = self.tmp / "p.xlsx"
        path.write_bytes(xlsx([person_row(1)]))
        with self.assertRaises(CommandError) as caught:
            call_command("enrol", "import", "--batch", "NOPE", str(path))
        assert caught.exception.returncode == 2

    def test_dry_run_writes_nothing(self) -> None:
        out, _err = self.enrol(xlsx([person_row(1)]), "--dry-run")
        assert "would have enrolled 1 (created 1, matched 0, already 0)" in out
        assert not Person.objects.filter(nip=nip(1)).exists()

    def test_warnings_and_notes_are_printed(self) -> None:
        row = person_row(0, nip=self.outsider.nip)
        out, err = self.enrol(xlsx([[*row, "x"]], header=[*HEADER, "catatan"]))
        notes = err.splitlines()  # diagnostics on stderr, the summary alone on stdout
        assert notes[0] == "note: Ignored column(s): catatan"
        assert notes[1].startswith(f"warning: row 2: NIP {self.outsider.nip}")
        assert out.splitlines() == ["enrolled 1 (created 0, matched 1, already 0)"]

    def test_the_template_has_the_columns_and_a_text_nip_column(self) -> None:
        path = self.tmp / "template.xlsx"
        call_command("enrol", "template", str(path), stdout=io.StringIO())
        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        assert [c.value for c in sheet[1]] == HEADER
        assert sheet.column_dimensions["A"].number_format == "@"
        assert sheet["A2"].number_format == "@"
        assert sheet["B2"].number_format == "General"

    def test_the_filled_template_imports(self) -> None:
        path = self.tmp / "template.xlsx"
        call_command("enrol", "template", str(path), stdout=io.StringIO())
        workbook = load_workbook(path)
        workbook.worksheets[0].append(person_row(7))
        workbook.save(path)
        out = io.StringIO()
        call_command("enrol", "import", "--batch", "PRM-T-I", str(path), stdout=out)
        assert out.getvalue().splitlines()[-1] == "enrolled 1 (created 1, matched 0, already 0)"


class BatchesCommandTests(BaseTestCase):
    def test_it_lists_batches_as_json_by_start_date(self) -> None:
        today = timezone.localdate()
        programme = self.batch.programme
        later = Batch.objects.create(
            programme=programme,
            code="PRM-T-II",
            name="Angkatan II",
            start_date=today + timedelta(days=30),
            end_date=today + timedelta(days=90),
        )
        closed = Batch.objects.create(
            programme=programme,
            code="PRM-T-0",
            name="Angkatan 0",
            start_date=today - timedelta(days=200),
            end_date=today - timedelta(days=140),
            closed_at=timezone.now(),
        )
        Enrolment.objects.create(
            batch=closed, person=self.outsider, role=BatchRole.PARTICIPANT, is_active=False
        )
        out = io.StringIO()
        call_command("batches", "list", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        assert [r["code"] for r in rows] == ["PRM-T-0", "PRM-T-I", "PRM-T-II"]
        assert rows[1] == {
            "code": "PRM-T-I",
            "programme": "Pelatihan Revolusi Mental",
            "start": self.batch.start_date.isoformat(),
            "end": self.batch.end_date.isoformat(),
            "status": self.batch.status(),
            "participants": 2,
        }
        assert [r["status"] for r in rows] == ["closed", self.batch.status(), "planned"]
        assert rows[0]["participants"] == 0
        assert rows[2]["start"] == later.start_date.isoformat()

    def test_it_prints_a_table_without_json(self) -> None:
        out = io.StringIO()
        call_command("batches", "list", stdout=out)
        assert "PRM-T-I" in out.getvalue()
