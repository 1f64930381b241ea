"""Issue 15, finding 6: the size and row limits hold before an upload is stored, and a job page
lists the first problems only, with the whole list as a download."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils.html import escape
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from revmen.core.models import Job
from revmen.core.spreadsheets import NOT_A_SHEET, TOO_LARGE, TOO_MANY_ROWS
from revmen.front.testing import BaseTestCase

HEADER = b"agency_code,agency_name,unit_path\n"


def shown(message: str, **values: object) -> str:
    """``message`` as the pages show it: in Indonesian (the msgid until it is translated)."""
    with override("id"):
        text = gettext(message)
    return escape(text % values if values else text)


def csv_upload(rows: int, name: str = "agencies.csv") -> SimpleUploadedFile:
    body = b"".join(b"A%d,Agency %d,\n" % (i, i) for i in range(rows))
    return SimpleUploadedFile(name, HEADER + body, content_type="text/csv")


@override_settings(IMPORT_MAX_ROWS=20, IMPORT_MAX_MB=1)
class UploadLimitTests(BaseTestCase):
    def upload(self, upload: SimpleUploadedFile):  # type: ignore[no-untyped-def]
        self.login(self.admin)
        return self.client.post("/agencies/import/", {"file": upload})

    def test_a_file_within_the_limits_is_stored_and_imported(self) -> None:
        response = self.upload(csv_upload(20))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Job.objects.count(), 1)

    def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(self) -> None:
        big = SimpleUploadedFile("big.csv", HEADER + b"A,B,\n" * 300_000)
        response = self.upload(big)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, shown(TOO_LARGE, max=1))
        self.assertFalse(Job.objects.exists())

    def test_a_file_over_the_row_limit_is_refused_before_it_is_stored(self) -> None:
        response = self.upload(csv_upload(21))
        self.assertContains(response, shown(TOO_MANY_ROWS, max=20))
        self.assertFalse(Job.objects.exists())

    def test_random_bytes_are_refused_on_the_form(self) -> None:
        noise = SimpleUploadedFile("x.xlsx", bytes(range(256)) * 40)
        self.assertContains(self.upload(noise), shown(NOT_A_SHEET))
        self.assertFalse(Job.objects.exists())

    def test_the_enrolment_upload_has_the_same_limits(self) -> None:
        self.login(self.organiser)
        url = f"/batches/{self.batch.code}/enrol/"
        response = self.client.post(url, {"file": csv_upload(21, "peserta.csv")})
        self.assertContains(response, shown(TOO_MANY_ROWS, max=20))
        self.assertFalse(Job.objects.exists())

    def test_an_import_command_refuses_a_file_over_the_size_limit(self) -> None:
        path = Path(tempfile.mkdtemp()) / "big.csv"
        path.write_bytes(HEADER + b"A,B,\n" * 300_000)
        with pytest.raises(CommandError) as caught:
            call_command("agencies", "import", str(path), stderr=io.StringIO())
        assert caught.value.returncode == 2
        assert str(caught.value) == gettext(TOO_LARGE) % {"max": 1}


@override_settings(IMPORT_ERRORS_SHOWN=5)
class ErrorListTests(BaseTestCase):
    def job(self, errors: list[str]) -> Job:
        return Job.objects.create(
            kind="agencies",
            owner=self.admin,
            filename="daftar unit.csv",
            status=Job.Status.DONE,
            result={"rows": 9, "errors": errors, "written": False},
        )

    def test_the_page_lists_the_first_problems_and_offers_all_of_them(self) -> None:
        errors = [f"row {n}: agency_code: required" for n in range(2, 10)]
        job = self.job(errors)
        self.login(self.admin)
        page = self.client.get(f"/jobs/{job.pk}/").content.decode()
        self.assertEqual(page.count("<td>agency_code</td><td>required</td>"), 5)
        self.assertIn("<td>6</td><td>agency_code</td>", page)
        self.assertNotIn("<td>7</td><td>agency_code</td>", page)
        with override("id"):
            capped = gettext("The first %(n)s problems of %(total)s are listed.")
        self.assertIn(capped % {"n": 5, "total": 8}, page)
        self.assertIn("?download=errors", page)

    def test_a_short_list_is_shown_whole_without_a_download(self) -> None:
        job = self.job(["row 2: agency_code: required"])
        self.login(self.admin)
        page = self.client.get(f"/jobs/{job.pk}/").content.decode()
        self.assertIn("<td>2</td><td>agency_code</td><td>required</td>", page)
        self.assertNotIn("?download=errors", page)

    def test_the_download_holds_every_problem_with_formulas_kept_as_text(self) -> None:
        errors = [f"row {n}: unit_path: unknown" for n in range(2, 10)]
        errors.append('row 10: agency_name: =HYPERLINK("http://x","y") is not a name')
        errors.append("--org: unknown agency")
        job = self.job(errors)
        self.login(self.admin)
        response = self.client.get(f"/jobs/{job.pk}/?download=errors")
        self.assertEqual(response.status_code, 200)
        self.assertIn("daftar%20unit.xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 11)
        self.assertEqual(rows[1], (2, "unit_path", "unknown"))
        self.assertEqual(rows[-1], (None, "--org", "unknown agency"))
        formula = sheet.cell(row=10, column=3)
        self.assertEqual(formula.data_type, "s")
        self.assertTrue(formula.quotePrefix)

    def test_nobody_else_downloads_a_jobs_problems(self) -> None:
        job = self.job(["row 2: agency_code: required"])
        self.login(self.organiser)
        response = self.client.get(f"/jobs/{job.pk}/?download=errors")
        self.assertEqual(response.status_code, 404)
