from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.models import Instrument

from .helpers import attitude_version


class LibraryPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()

    def test_only_authors_see_the_library(self) -> None:
        for person, status in [
            (self.admin, 200),
            (self.organiser, 200),
            (self.participant, 404),
            (self.facilitator, 404),
            (self.outsider, 404),
        ]:
            self.login(person)
            self.assertEqual(self.client.get("/instruments/").status_code, status, person.name)
            self.assertEqual(self.client.get("/instruments/SIKAP-UJI/").status_code, status)

    def test_the_preview_shows_items_and_the_export_is_a_real_workbook(self) -> None:
        self.login(self.organiser)
        self.assertContains(self.client.get("/instruments/SIKAP-UJI/"), "Saya menolak gratifikasi.")
        response = self.client.get("/instruments/SIKAP-UJI/v1.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual([c.value for c in sheet[1]][:3], ["section", "code", "text"])
        self.assertEqual(sheet.max_row, 6)

    def test_an_uploaded_workbook_becomes_an_instrument_in_the_background(self) -> None:
        self.login(self.organiser)
        content = self.client.get("/instruments/SIKAP-UJI/v1.xlsx").content
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/instruments/import/",
                {
                    "code": "sikap-lokal",
                    "name": "Sikap lokal",
                    "kind": "attitude",
                    "file": SimpleUploadedFile("sikap.xlsx", content),
                },
            )
        self.assertEqual(response.status_code, 302)
        run_queued_tasks()
        page = self.client.get(response["Location"])
        self.assertContains(page, 'data-status="done"')
        self.assertEqual(
            Instrument.objects.get(code="SIKAP-LOKAL").latest_version().items.count(), 5
        )

    def test_an_uploaded_limesurvey_structure_lists_its_skipped_questions(self) -> None:
        from .test_limesurvey import lss6

        self.login(self.organiser)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/instruments/import/",
                {
                    "code": "survei-ls",
                    "name": "",
                    "kind": "reaction",
                    "file": SimpleUploadedFile("survei.lss", lss6()),
                },
            )
        self.assertEqual(response.status_code, 302)
        run_queued_tasks()
        page = self.client.get(response["Location"])
        self.assertContains(page, 'data-status="done"')
        self.assertContains(page, "skipped URUT (R): ranking questions are not supported")
        version = Instrument.objects.get(code="SURVEI-LS").latest_version()
        self.assertEqual(version.items.count(), 14)

    def test_a_file_that_is_not_a_survey_structure_is_refused_on_the_form(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            "/instruments/import/",
            {"code": "x", "kind": "reaction", "file": SimpleUploadedFile("x.lss", b"<html/>")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Instrument.objects.filter(code="X").exists())
        self.assertContains(response, "LimeSurvey")
