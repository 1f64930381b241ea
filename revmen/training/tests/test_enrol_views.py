"""Enrolment pages: upload → background check with progress → preview → confirm; downloads."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from revmen.accounts.models import Person
from revmen.core.models import Job
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.training.models import BatchRole

from .helpers import HEADER, nip, person_row, read_xlsx, xlsx

URL = "/batches/PRM-T-I/enrol/"


class EnrolPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.login(self.organiser)

    def upload(self, content: bytes, name: str = "peserta.xlsx"):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, {"file": SimpleUploadedFile(name, content)})
        run_queued_tasks()
        return response

    def confirm(self, job: Job, **data: str):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{URL}{job.pk}/", data)
        run_queued_tasks()
        return response

    def participants(self) -> int:
        return self.batch.enrolments.filter(role=BatchRole.PARTICIPANT).count()

    def test_only_the_organiser_may_enrol(self) -> None:
        for person in [self.facilitator, self.participant, self.mentor, self.outsider]:
            self.login(person)
            assert self.client.get(URL).status_code == 404, person
            assert self.client.get(f"{URL}template.xlsx").status_code == 404, person
            assert self.client.get("/batches/PRM-T-I/enrolments.xlsx").status_code == 404
        self.login(self.organiser)
        assert self.client.get(URL).status_code == 200

    def test_the_preview_runs_in_the_background_and_writes_nothing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                URL, {"file": SimpleUploadedFile("p.xlsx", xlsx([person_row(1)]))}
            )
        job = Job.objects.get()
        self.assertRedirects(response, f"{URL}{job.pk}/")
        self.assertContains(self.client.get(f"{URL}{job.pk}/"), 'hx-trigger="every 1s"')
        run_queued_tasks()
        page = self.client.get(f"{URL}{job.pk}/", HTTP_HX_REQUEST="true")
        self.assertContains(page, 'data-status="preview"')
        self.assertContains(page, "Ready to enrol 1: 1 new people, 0 matched, 0 already in.")
        self.assertNotContains(page, "hx-trigger")
        assert not Person.objects.filter(nip=nip(1)).exists()

    def test_a_file_without_one_valid_row_offers_no_confirm_and_no_enrol_zero(self) -> None:
        rows = [person_row(1), person_row(2)]
        for row in rows:
            row[3] = "KAB-ENTAH"
        self.upload(xlsx(rows))
        page = self.client.get(f"{URL}{Job.objects.get().pk}/")
        self.assertContains(page, 'data-status="nothing-valid"')
        self.assertContains(page, "No row can be enrolled as it is.")
        self.assertNotContains(page, "Confirm enrolment")
        self.assertNotContains(page, "Enrol only the 0 valid rows")

    def test_bad_rows_are_listed_and_confirming_without_choosing_refuses(self) -> None:
        rows = [person_row(n) for n in range(30)]
        rows[4][0] = float(rows[4][0])  # type: ignore[arg-type]
        rows[9][3] = "KAB-ENTAH"
        rows[19][4] = "Dinas Hilang"
        self.upload(xlsx(rows))
        job = Job.objects.get()
        page = self.client.get(f"{URL}{job.pk}/")
        self.assertContains(page, "3 problems in the file. Nobody is enrolled yet")
        self.assertContains(page, "<td>6</td><td>nip</td><td>Excel stored this NIP as a number")
        self.assertContains(page, "<td>11</td><td>instansi</td><td>unknown agency")
        self.assertContains(page, "<td>21</td><td>unit</td><td>unknown unit")
        self.confirm(job)
        assert Job.objects.count() == 1
        assert self.participants() == 2

    def test_a_clean_file_is_enrolled_after_confirmation(self) -> None:
        self.upload(xlsx([person_row(n) for n in range(30)]))
        preview = Job.objects.get()
        response = self.confirm(preview)
        confirmed = Job.objects.exclude(pk=preview.pk).get()
        self.assertRedirects(response, f"{URL}{confirmed.pk}/")
        page = self.client.get(f"{URL}{confirmed.pk}/")
        self.assertContains(page, 'data-status="written"')
        self.assertContains(page, "Enrolled 30: 30 new people, 0 matched, 0 already in.")
        assert self.participants() == 32

    def test_the_user_may_choose_to_enrol_only_the_valid_rows(self) -> None:
        self.upload(xlsx([person_row(1), person_row(2, nip="12")]))
        preview = Job.objects.get()
        self.assertContains(self.client.get(f"{URL}{preview.pk}/"), 'name="only_valid"')
        self.confirm(preview, only_valid="on")
        assert self.participants() == 3

    def test_warnings_for_matched_people_are_shown(self) -> None:
        self.upload(xlsx([person_row(0, nip=self.outsider.nip)]))
        job = Job.objects.get()
        self.assertContains(self.client.get(f"{URL}{job.pk}/"), "the stored record is kept")

    def test_a_file_without_the_columns_fails_with_a_message(self) -> None:
        self.upload(xlsx([["x"]], header=["apa"]))
        job = Job.objects.get()
        page = self.client.get(f"{URL}{job.pk}/")
        self.assertContains(page, 'data-status="failed"')
        self.assertContains(page, "Missing column(s): nip, nama, instansi")

    def test_another_organisers_job_is_404(self) -> None:
        self.upload(xlsx([person_row(1)]))
        job = Job.objects.get()
        self.login(self.admin)
        assert self.client.get(f"{URL}{job.pk}/").status_code == 404

    def test_the_template_downloads_with_a_text_nip_column(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        response = self.client.get(f"{URL}template.xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert read_xlsx(response.content)[0] == tuple(HEADER)
        # The instructions speak the reader's language.
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["peserta", "petunjuk"]
        lines = [row[0] for row in book["petunjuk"].iter_rows(values_only=True)]
        assert lines[0].startswith("nip: 18 digit") and "kolom berformat teks" in lines[0]
        assert "templat-peserta.xlsx" in response["Content-Disposition"]

    def test_the_enrolment_list_downloads_and_uploads_back_unchanged(self) -> None:
        response = self.client.get("/batches/PRM-T-I/enrolments.xlsx")
        rows = read_xlsx(response.content)
        assert rows[0] == tuple(HEADER)
        assert rows[1][:4] == (
            "199001012015032001",
            "Ani Peserta",
            "ani@example.go.id",
            "PEMPROV-A",
        )
        self.upload(response.content)
        job = Job.objects.get()
        assert (job.errors, job.result["already"], job.result["warnings"]) == ([], 2, [])

    def test_one_participant_can_be_enrolled_by_hand(self) -> None:
        data = dict(zip(HEADER, person_row(3), strict=True))
        response = self.client.post(f"{URL}add/", data)
        self.assertRedirects(response, URL)
        assert Person.objects.get(nip=nip(3)).enrolments.get().batch == self.batch

    def test_a_bad_hand_entry_shows_the_reason_on_the_field(self) -> None:
        data = dict(zip(HEADER, person_row(3, nip="123"), strict=True))
        response = self.client.post(f"{URL}add/", data)
        self.assertContains(response, "NIP must be exactly 18 digits")
        assert not Person.objects.filter(nip="123").exists()

    def test_the_batch_page_shows_the_roster(self) -> None:
        page = self.client.get("/batches/PRM-T-I/")
        self.assertContains(page, "Ani Peserta")
        self.assertContains(page, 'data-participants="2"')
        self.login(self.outsider)
        assert self.client.get("/batches/PRM-T-I/").status_code == 404
