"""Agency and unit-tree import: all-or-nothing, per-row errors, CLI and background UI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from revmen.accounts.imports import import_agencies
from revmen.accounts.models import Agency, Unit
from revmen.core.models import Job
from revmen.front.testing import BaseTestCase, run_queued_tasks

GOOD = (
    "agency_code,agency_name,unit_path\n"
    "kab-satu,Pemerintah Kabupaten Satu,Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan\n"
    "KAB-SATU,Pemerintah Kabupaten Satu,Dinas Kesehatan/Bidang P2P\n"
    "KAB-SATU,Pemerintah Kabupaten Satu,Bidang Sarana\\/Prasarana\n"
    "KOTA-DUA,Pemerintah Kota Dua,\n"
)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
class TestImportCore:
    def test_it_imports_agencies_and_nested_units(self) -> None:
        result = import_agencies("a.csv", GOOD.encode())
        assert result.errors == []
        assert (result.agencies_created, result.units_created) == (2, 5)
        kab = Agency.objects.get(code="KAB-SATU")
        assert sorted(kab.units.values_list("path", flat=True)) == [
            "",
            "Bidang Sarana\\/Prasarana",
            "Dinas Kesehatan",
            "Dinas Kesehatan/Bidang P2P",
            "Dinas Kesehatan/Bidang Pelayanan",
            "Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan",
        ]
        assert (
            Unit.objects.get(agency=kab, path="Bidang Sarana\\/Prasarana").name
            == "Bidang Sarana/Prasarana"
        )

    def test_importing_the_same_file_twice_changes_nothing(self) -> None:
        import_agencies("a.csv", GOOD.encode())
        before = Unit.objects.count()
        result = import_agencies("a.csv", GOOD.encode())
        assert (result.agencies_created, result.units_created) == (0, 0)
        assert Unit.objects.count() == before

    def test_a_bad_row_writes_nothing_and_every_bad_row_is_named(self) -> None:
        content = GOOD + "BAD CODE,Nama,X\n,Tanpa Kode,\nKOTA-TIGA,,A\nKAB-EMPAT,Empat,A//B\n"
        result = import_agencies("a.csv", content.encode())
        assert [str(e).split(":")[0:2] for e in result.errors] == [
            ["row 6", " agency_code"],
            ["row 7", " agency_code"],
            ["row 8", " agency_name"],
            ["row 9", " unit_path"],
        ]
        assert not result.written
        assert not Agency.objects.exists()

    def test_it_can_import_only_the_valid_rows_when_asked(self) -> None:
        result = import_agencies("a.csv", (GOOD + "BAD CODE,Nama,X\n").encode(), only_valid=True)
        assert result.written
        assert result.skipped_rows == 1
        assert Agency.objects.count() == 2

    def test_a_crash_midway_leaves_nothing(self) -> None:
        with (
            mock.patch(
                "revmen.accounts.imports.Unit.objects.create",
                side_effect=[mock.DEFAULT, mock.DEFAULT, RuntimeError("disk full")],
                wraps=Unit.objects.create,
            ),
            pytest.raises(RuntimeError),
        ):
            import_agencies("a.csv", GOOD.encode())
        assert not Agency.objects.exists()
        assert not Unit.objects.exists()

    def test_it_reads_the_first_sheet_of_an_xlsx_with_extra_columns_and_blank_rows(self) -> None:
        content = xlsx(
            [
                ["Agency_Code", "AGENCY_NAME", "unit_path", "catatan"],
                ["KAB-X", "Kabupaten X", "Sekretariat/Bagian Umum", "abc"],
                [None, None, None, None],
                ["KAB-X", "Kabupaten X", "Sekretariat/Bagian Hukum", None],
            ]
        )
        result = import_agencies("a.xlsx", content)
        assert result.errors == []
        assert result.units_created == 3
        assert any("catatan" in note for note in result.notes)

    def test_conflicting_names_for_one_code_are_a_row_error(self) -> None:
        content = "agency_code,agency_name,unit_path\nKAB-X,Kabupaten X,A\nKAB-X,Kab X,B\n"
        result = import_agencies("a.csv", content.encode())
        assert [e.row for e in result.errors] == [3]

    def test_an_existing_agency_keeps_its_name_with_a_note(self) -> None:
        import_agencies("a.csv", b"agency_code,agency_name,unit_path\nKAB-X,Kabupaten X,\n")
        result = import_agencies("a.csv", b"agency_code,agency_name,unit_path\nKAB-X,Kab. X,A\n")
        assert result.written
        assert Agency.objects.get(code="KAB-X").name == "Kabupaten X"
        assert any("Kabupaten X" in note for note in result.notes)

    def test_optional_kind_and_time_zone_columns(self) -> None:
        content = (
            b"agency_code,agency_name,unit_path,agency_kind,timezone\nKOTA-J,Kota J,,regency,WIT\n"
        )
        import_agencies("a.csv", content)
        agency = Agency.objects.get(code="KOTA-J")
        assert (agency.kind, agency.timezone) == ("regency", "Asia/Jayapura")
        bad = b"agency_code,agency_name,unit_path,timezone\nKOTA-K,Kota K,,GMT\n"
        assert [e.column for e in import_agencies("a.csv", bad).errors] == ["timezone"]

    def test_a_semicolon_csv_in_windows_encoding_is_read(self) -> None:
        content = "agency_code;agency_name;unit_path\nKAB-É;Kabupaten É;Dinas\n".encode("cp1252")
        result = import_agencies("a.csv", content)
        assert [str(e) for e in result.errors] == [
            f"row 2: agency_code: {result.errors[0].reason}"
        ]  # É is not allowed in a code
        ok = "agency_code;agency_name;unit_path\nKAB-E;Kabupaten É;Dinas\n".encode("cp1252")
        import_agencies("a.csv", ok)
        assert Agency.objects.get(code="KAB-E").name == "Kabupaten É"


@pytest.mark.django_db
class TestAgenciesCommand:
    def test_import_then_list_as_json(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "agencies.csv"
        path.write_text(GOOD)
        call_command("agencies", "import", str(path))
        assert "agencies created 2, units created 5" in capsys.readouterr().out
        call_command("agencies", "list", "--json")
        listing = json.loads(capsys.readouterr().out)
        assert listing == [
            {"code": "KAB-SATU", "name": "Pemerintah Kabupaten Satu", "units": 5},
            {"code": "KOTA-DUA", "name": "Pemerintah Kota Dua", "units": 0},
        ]

    def test_bad_rows_exit_2_and_are_printed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "agencies.csv"
        path.write_text(GOOD + "BAD CODE,Nama,X\n")
        with pytest.raises(CommandError) as caught:
            call_command("agencies", "import", str(path))
        assert caught.value.returncode == 2
        assert "row 6: agency_code:" in capsys.readouterr().err
        assert not Agency.objects.exists()

    def test_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        path = tmp_path / "agencies.csv"
        path.write_text(GOOD)
        call_command("agencies", "import", str(path), "--dry-run")
        assert not Agency.objects.exists()

    def test_a_missing_column_exits_2(self, tmp_path: Path) -> None:
        path = tmp_path / "agencies.csv"
        path.write_text("code,name\nA,B\n")
        with pytest.raises(CommandError, match="agency_code"):
            call_command("agencies", "import", str(path))


class ImportPageTests(BaseTestCase):
    def upload(self, content: bytes, name: str = "agencies.xlsx", **extra: object):  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/agencies/import/", {"file": SimpleUploadedFile(name, content), **extra}
            )

    def run_worker(self) -> None:
        run_queued_tasks()

    def test_an_upload_runs_in_the_background_and_shows_progress(self) -> None:
        response = self.upload(
            xlsx(
                [
                    ["agency_code", "agency_name", "unit_path"],
                    ["KAB-X", "Kabupaten X", "Dinas/Bidang"],
                ]
            )
        )
        job = Job.objects.get()
        self.assertRedirects(response, f"/jobs/{job.pk}/")
        waiting = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(waiting, 'hx-trigger="every 1s"')
        self.run_worker()
        done = self.client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
        self.assertContains(done, 'data-status="done"')
        self.assertNotContains(done, "hx-trigger")
        self.assertEqual(Agency.objects.get(code="KAB-X").units.count(), 3)

    def test_bad_rows_are_listed_and_nothing_is_written(self) -> None:
        self.upload((GOOD + "BAD CODE,Nama,X\n").encode(), name="agencies.csv")
        self.run_worker()
        job = Job.objects.get()
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "<td>6</td><td>agency_code</td>")
        self.assertFalse(Agency.objects.filter(code="KAB-SATU").exists())

    def test_only_valid_rows_when_the_user_says_so(self) -> None:
        self.upload((GOOD + "BAD CODE,Nama,X\n").encode(), name="agencies.csv", only_valid="on")
        self.run_worker()
        self.assertTrue(Agency.objects.filter(code="KAB-SATU").exists())

    def test_a_damaged_file_is_refused_on_the_form_and_never_stored(self) -> None:
        from django.utils.translation import gettext, override

        from revmen.core.spreadsheets import NOT_A_SHEET

        response = self.upload(b"not a spreadsheet", name="agencies.xlsx")
        with override("id"):
            self.assertContains(response, gettext(NOT_A_SHEET))
        self.assertFalse(Job.objects.exists())

    def test_someone_elses_job_is_404(self) -> None:
        self.upload(GOOD.encode(), name="agencies.csv")
        job = Job.objects.get()
        self.login(self.agency_admin)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/").status_code, 404)
