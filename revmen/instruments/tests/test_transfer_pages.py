"""The library's doors: responses imported with the column-mapping screen, exported back as data
sets, and an instrument written as a LimeSurvey .lss (round trip)."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from revmen.core.models import Job
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.library import load_definition
from revmen.instruments.limesurvey import export_lss, import_lss, parse_lss
from revmen.instruments.models import Administration, Instrument, Response, Version

from .test_limesurvey import lss6
from .test_response_imports import GOOGLE, google_sheet


class ResponsesImportPageTests(BaseTestCase):
    def setUp(self) -> None:
        load_definition(GOOGLE)
        self.version = Version.objects.get(instrument__code="GFORM")

    def upload(self, content: bytes | None = None, name: str = "f.xlsx") -> str:
        response = self.client.post(
            "/instruments/GFORM/responses/import/",
            {
                "version": self.version.pk,
                "source": "google-forms",
                "title": "Survei 2025",
                "file": SimpleUploadedFile(name, content or google_sheet()),
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return str(response["Location"])

    def test_the_mapping_screen_suggests_items_from_the_headings_and_never_offers_the_email(
        self,
    ) -> None:
        self.login(self.organiser)
        page = self.client.get(self.upload())
        self.assertEqual(page.status_code, 200)
        form = page.context["form"]
        self.assertEqual(form.fields["col_2"].initial, "PUAS")  # "Seberapa puas anda …"
        self.assertEqual(form.fields["col_3"].initial, "MEDIA")
        self.assertNotIn("col_0", form.fields)  # Timestamp: the date, read by revmen itself
        self.assertNotIn("col_1", form.fields)  # Email Address: never read
        self.assertContains(page, "data-column-map")
        self.assertFalse(Administration.objects.exists())  # nothing until the mapping is sent

    def test_the_chosen_mapping_is_imported_in_the_background_all_or_nothing(self) -> None:
        self.login(self.organiser)
        url = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            # the e-mail column posted by hand is ignored: it has no field
            response = self.client.post(
                url, {"col_1": "SARAN", "col_2": "PUAS", "col_3": "MEDIA", "col_4": ""}
            )
        self.assertEqual(response.status_code, 302)
        run_queued_tasks()
        page = self.client.get(response["Location"])
        self.assertContains(page, 'data-status="done"')
        administration = Administration.objects.get(audience="imported")
        self.assertEqual(administration.title, "Survei 2025")
        self.assertEqual(administration.identity, "anonymous")
        texts = list(Response.objects.values_list("texts", flat=True))
        self.assertEqual(len(texts), 2)
        self.assertFalse(any("SARAN" in t for t in texts))  # left out on the screen
        self.assertNotIn("@x.id", str(texts))
        # posting the mapping again does not import twice
        self.client.post(url, {"col_2": "PUAS"})
        run_queued_tasks()
        self.assertEqual(Administration.objects.count(), 1)

    def test_a_bad_cell_is_listed_and_nothing_is_written(self) -> None:
        self.login(self.organiser)
        bad = "Timestamp,Seberapa puas anda dengan pelayanan kami\n2026/04/01 09:00:00,Lumayan\n"
        url = self.upload(bad.encode(), "f.csv")
        with self.captureOnCommitCallbacks(execute=True), translation.override("en"):
            response = self.client.post(url, {"col_1": "PUAS"})
        run_queued_tasks()
        with translation.override("en"):
            page = self.client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
        job = Job.objects.get(kind="instrument.responses")
        self.assertFalse(job.result["written"])
        self.assertTrue(any("Seberapa puas" in e for e in job.result["errors"]), job.result)
        self.assertEqual(page.status_code, 200)
        self.assertFalse(Administration.objects.exists())

    def test_outsiders_and_other_peoples_uploads_are_404(self) -> None:
        for person in (self.participant, self.facilitator, self.outsider):
            self.login(person)
            self.assertEqual(
                self.client.get("/instruments/GFORM/responses/import/").status_code, 404
            )
        self.login(self.organiser)
        url = self.upload()
        self.login(self.admin)  # sees the instrument, but the upload is not theirs
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_file_that_is_not_a_sheet_is_refused_on_the_form(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            "/instruments/GFORM/responses/import/",
            {
                "version": self.version.pk,
                "source": "google-forms",
                "file": SimpleUploadedFile("f.pdf", b"%PDF"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Job.objects.exists())

    def test_imported_responses_are_exported_by_their_importer_only(self) -> None:
        self.login(self.organiser)
        url = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"col_2": "PUAS", "col_3": "MEDIA", "col_4": "SARAN"})
        run_queued_tasks()
        administration = Administration.objects.get(audience="imported")
        detail = self.client.get("/instruments/GFORM/")
        self.assertContains(detail, f'data-imported="{administration.pk}"')
        export_url = f"/instruments/GFORM/responses/{administration.pk}/export/"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(export_url, {"format": "csv"})
        self.assertEqual(response.status_code, 302)
        run_queued_tasks()
        data = self.client.get(response["Location"] + "?download=1")
        rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["tanggal", "PUAS", "MEDIA", "SARAN"])
        self.assertEqual(sorted(r[0] for r in rows[1:]), ["2026-04-01", "2026-04-02"])
        self.assertEqual(self.client.post(export_url, {"format": "pdf"}).status_code, 404)
        self.login(self.admin)  # platform admins see every import
        self.assertContains(self.client.get("/instruments/GFORM/"), "data-imported")
        self.login(self.participant)
        self.assertEqual(self.client.post(export_url, {"format": "csv"}).status_code, 404)


class LssExportTests(BaseTestCase):
    def test_an_imported_survey_round_trips_through_the_lss_export(self) -> None:
        with translation.override("en"):
            original = parse_lss(lss6())
            _survey, result = import_lss(filename="s.lss", content=lss6(), code="RONDE")
        assert result.version is not None
        with override_settings(LANGUAGE_CODE="id"):
            again = parse_lss(export_lss(result.version))
        assert again.skipped == [] and again.language == "id"
        assert again.title == "Survei Layanan"

        def items(survey: object) -> list[tuple[object, ...]]:
            return [
                (
                    i["code"],
                    i["type"],
                    i.get("options", []),
                    i.get("option_codes", []),
                    i["required"],
                )
                for s in survey.definition["sections"]  # type: ignore[attr-defined]
                for i in s["items"]
            ]

        assert items(again) == items(original)
        assert [s["intro"] for s in again.definition["sections"]] == [
            s["intro"] for s in original.definition["sections"]
        ]

    def test_the_page_offers_the_lss_and_a_spreadsheet_written_instrument_round_trips(self) -> None:
        load_definition(GOOGLE)
        self.login(self.organiser)
        page = self.client.get("/instruments/GFORM/")
        self.assertContains(page, "data-lss-export")
        response = self.client.get("/instruments/GFORM/v1.lss")
        self.assertEqual(response.status_code, 200)
        self.assertIn("GFORM-v1.lss", response["Content-Disposition"])
        survey = parse_lss(response.content)
        items = [i for s in survey.definition["sections"] for i in s["items"]]
        self.assertEqual(
            [(i["code"], i["type"], i.get("options")) for i in items],
            [
                ("PUAS", "choice", ["Tidak puas", "Puas", "Sangat puas"]),
                ("MEDIA", "multi_choice", ["Radio", "Media sosial, internet", "Teman"]),
                ("SARAN", "long_text", None),
            ],
        )
        self.login(self.outsider)
        self.assertEqual(self.client.get("/instruments/GFORM/v1.lss").status_code, 404)
        self.assertTrue(Instrument.objects.filter(code="GFORM").exists())


class LimeSurveyResponsesPageTests(BaseTestCase):
    def test_a_limesurvey_export_goes_through_the_screen_as_suggested(self) -> None:
        from .test_response_imports import LS_CSV, ls_version

        version = ls_version()
        self.login(self.admin)
        response = self.client.post(
            "/instruments/LSRESP/responses/import/",
            {
                "version": version.pk,
                "source": "limesurvey",
                "file": SimpleUploadedFile("r.csv", LS_CSV.encode()),
            },
        )
        page = self.client.get(response["Location"])
        form = page.context["form"]
        self.assertNotIn("col_0", form.fields)  # id: LimeSurvey's own column
        self.assertNotIn("col_1", form.fields)  # submitdate: the date
        suggested = {name: field.initial for name, field in form.fields.items()}
        self.assertEqual(suggested["col_6"], "MEDIA")  # MEDIA[SQ001] ticks an option of MEDIA
        self.assertEqual(suggested["col_8"], "PUAS_A")  # PUAS[A]: the array's row
        with self.captureOnCommitCallbacks(execute=True):
            done = self.client.post(response["Location"], suggested)
        run_queued_tasks()
        self.assertContains(self.client.get(done["Location"]), 'data-status="done"')
        administration = Administration.objects.get(audience="imported")
        media = {
            r.submitted_on.isoformat(): r.texts.get("MEDIA") for r in administration.responses.all()
        }
        self.assertEqual(media, {"2026-03-01": "1", "2026-03-02": "2"})
