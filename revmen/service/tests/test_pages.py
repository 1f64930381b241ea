from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from revmen.core.jobs import job_run
from revmen.core.models import Job
from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Administration, Response
from revmen.service.exports import PDF_KIND
from revmen.service.models import Complaint, Kiosk, StandardVersion
from revmen.service.selectors import complaint_response_times, skm_before_after
from revmen.service.services import complaint_answer, period_close, skm_answer
from revmen.service.standard import COMPONENTS
from revmen.service.tests.helpers import make_service_unit, open_period, publish_standard, sheet


class PageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.service_unit = make_service_unit(cls.dinkes)

    def test_staff_save_a_draft_and_only_the_head_publishes_it(self) -> None:
        self.login(self.participant)  # staff: her unit is below the service unit
        url = reverse("service_standard", args=["dinkes"])
        body = {
            "service_name": "Izin",
            "pledge": "Kami siap",
            "is_free": "on",
            "submit_for_approval": "on",
            **{f"c_{c.code}": "isi" for c in COMPONENTS},
        }
        self.assertEqual(self.client.post(url, body).status_code, 302)
        approve = reverse("service_standard_approve", args=["dinkes"])
        self.assertEqual(self.client.post(approve).status_code, 404)
        page = self.client.get(reverse("service_page", args=["dinkes"]))
        self.assertNotContains(page, "data-standard-version")
        self.login(self.head)
        self.assertEqual(self.client.post(approve).status_code, 302)
        page = self.client.get(reverse("service_page", args=["dinkes"]))
        self.assertContains(page, 'data-standard-version="1"')
        self.assertContains(page, 'data-free="1"')
        # a second version: the first becomes history
        self.login(self.participant)
        self.client.post(url, {**body, "c_time": "3 hari", "change_note": "lebih cepat"})
        self.login(self.head)
        self.client.post(approve)
        self.client.logout()
        page = self.client.get(reverse("service_page", args=["dinkes"]))
        self.assertContains(page, 'data-standard-version="2"')
        self.assertContains(page, reverse("service_standard_version", args=["dinkes", 1]))
        self.assertEqual(StandardVersion.objects.filter(status="published").count(), 2)

    def test_the_head_cannot_publish_an_incomplete_standard(self) -> None:
        self.login(self.head)
        url = reverse("service_standard", args=["dinkes"])
        self.client.post(url, {"service_name": "Izin", "c_requirements": "KTP"})
        self.client.post(reverse("service_standard_approve", args=["dinkes"]))
        self.assertFalse(StandardVersion.objects.filter(status="published").exists())

    def test_the_page_shows_the_count_while_open_and_the_last_closed_ikm(self) -> None:
        publish_standard(self.service_unit, self.head)
        first = open_period(self.service_unit, "2025-II")
        rng = random.Random(9)
        for i in range(8):
            skm_answer(period=first, data=sheet(rng), key=f"a{i}-xxxxxxxxxxxx")
        period_close(period=first)
        second = open_period(self.service_unit, "2026-I")
        skm_answer(period=second, data=sheet(rng), key="b-xxxxxxxxxxxxxxx")
        page = self.client.get(reverse("service_page", args=["dinkes"]))
        self.assertContains(page, 'data-count="1"')
        self.assertContains(page, "data-grade=")
        self.assertNotContains(page, "<script")

    def test_an_anonymous_complaint_is_tracked_answered_and_timed(self) -> None:
        url = reverse("service_complain", args=["dinkes"])
        body = {
            "kind": "complaint",
            "text": "Antrean lama",
            "name": "",
            "contact": "",
            "key": "k" * 30,
        }
        sent = self.client.post(url, body)
        self.assertEqual(sent.status_code, 302)
        self.client.post(url, body)  # double submit
        complaint = Complaint.objects.get()
        self.assertTrue(complaint.is_anonymous)
        self.assertIn(complaint.tracking_code, sent["Location"])
        Complaint.objects.filter(pk=complaint.pk).update(
            created_at=timezone.now() - timedelta(hours=5)
        )
        complaint.refresh_from_db()
        complaint_answer(complaint=complaint, text="Kami tambah loket.", close=True, by=self.head)
        track = self.client.get(sent["Location"])
        self.assertContains(track, 'data-status="closed"')
        self.assertContains(track, "Kami tambah loket.")
        page = self.client.get(reverse("service_page", args=["dinkes"]))
        self.assertContains(page, 'data-first-median="5.00"')
        times = complaint_response_times(self.dinkes)
        self.assertAlmostEqual(times[0]["first_answer"]["median_hours"], 5.0, places=3)

    def test_a_bad_complaint_is_a_clear_400(self) -> None:
        url = reverse("service_complain", args=["dinkes"])
        page = self.client.post(url, {"kind": "nope", "text": "a\x00b", "key": "x"})
        self.assertIn(page.status_code, (400,))
        self.assertEqual(Complaint.objects.count(), 0)
        self.assertEqual(self.client.get(reverse("service_track") + "?code=NOPE").status_code, 404)

    def test_a_kiosk_paired_by_code_answers_again_and_again(self) -> None:
        period = open_period(self.service_unit)
        self.login(self.participant)
        page = self.client.post(
            reverse("service_kiosks", args=["dinkes"]), {"name": "Loket 1", "code": "1"}
        )
        code = page.context["code"]
        self.client.logout()
        kiosk_url = reverse("service_kiosk", args=["dinkes"])
        self.assertContains(self.client.get(kiosk_url), "pair-form")
        wrong = self.client.post(
            reverse("service_kiosk_pair", args=["dinkes"]), {"code": "00000000x"}
        )
        self.assertEqual(wrong.status_code, 400)
        self.client.post(reverse("service_kiosk_pair", args=["dinkes"]), {"code": code})
        rng = random.Random(3)
        for _ in range(3):
            form = self.client.get(kiosk_url)
            self.assertContains(form, 'data-kiosk="1"')
            done = self.client.post(kiosk_url, {**sheet(rng), "key": form.context["key"]})
            self.assertContains(done, 'http-equiv="refresh"')
        self.assertEqual(Response.objects.filter(administration=period.administration).count(), 3)
        self.assertEqual(Kiosk.objects.get().name, "Loket 1")

    def test_exports_and_the_poster_are_real_files(self) -> None:
        import io

        from openpyxl import load_workbook

        period = open_period(self.service_unit)
        rng = random.Random(4)
        for i in range(6):
            skm_answer(period=period, data=sheet(rng), key=f"e{i}-xxxxxxxxxxxx")
        period_close(period=period)
        self.login(self.agency_admin)
        xlsx = self.client.get(reverse("service_period_export", args=["dinkes", period.pk, "xlsx"]))
        book = load_workbook(io.BytesIO(xlsx.content))
        self.assertEqual(book["SKM"]["B3"].value, 6)
        for url in (
            reverse("service_period_export", args=["dinkes", period.pk, "pdf"]),
            reverse("service_poster", args=["dinkes"]),
        ):
            self.assertNotContains(self.client.get(url), "<progress")  # nothing asked yet
            self.assertRedirects(self.client.post(url), url)  # queued, not made in the request
            job = Job.objects.filter(kind=PDF_KIND).latest("pk")
            self.assertContains(self.client.get(url), "<progress")
            job_run(job.pk)
            page = self.client.get(url, headers={"HX-Request": "true"})
            self.assertContains(page, f"?download={job.pk}")
            pdf = self.client.get(f"{url}?download={job.pk}")
            self.assertTrue(pdf.content.startswith(b"%PDF"))
            self.login(self.head)  # another user's job is not theirs to download
            self.assertEqual(self.client.get(f"{url}?download={job.pk}").status_code, 404)
            self.login(self.agency_admin)

    def test_before_after_for_the_projects_app(self) -> None:
        first = open_period(self.service_unit, "sebelum")
        rng = random.Random(6)
        for i in range(6):
            skm_answer(period=first, data=sheet(rng), key=f"s{i}-xxxxxxxxxxxx")
        period_close(period=first)
        data = skm_before_after(
            self.agency_a.units.get(path=""), timezone.localdate() + timedelta(days=1)
        )
        (entry,) = data["service_units"]
        self.assertEqual(entry["before"]["n"], 6)
        self.assertIsNone(entry["after"])

    def test_before_after_reads_dates_in_the_agencys_zone(self) -> None:
        # A period that ended at 00:30 WIB on the day after the change ended on the UTC day of
        # the change (17:30): it is not "before" the change.
        from zoneinfo import ZoneInfo

        change = timezone.localdate() - timedelta(days=10)
        wib = ZoneInfo("Asia/Jakarta")
        ended = datetime.combine(change + timedelta(days=1), time(0, 30), tzinfo=wib)
        period = open_period(self.service_unit, "tepi")
        rng = random.Random(9)
        for i in range(6):
            skm_answer(period=period, data=sheet(rng), key=f"e{i}-xxxxxxxxxxxx")
        Administration.objects.filter(pk=period.administration_id).update(
            opens_at=ended - timedelta(days=30), closes_at=ended
        )
        self.assertEqual(ended.astimezone(ZoneInfo("UTC")).date(), change)
        root = self.agency_a.units.get(path="")
        self.assertEqual(root.agency.timezone, "Asia/Jakarta")
        (entry,) = skm_before_after(root, change)["service_units"]
        self.assertIsNone(entry["before"])
        (entry,) = skm_before_after(root, change + timedelta(days=1))["service_units"]
        self.assertEqual(entry["before"]["n"], 6)

    def test_the_change_project_include_shows_skm_and_response_times(self) -> None:
        from django.template.loader import render_to_string

        from revmen.service.selectors import change_project_figures

        first = open_period(self.service_unit, "sebelum")
        rng = random.Random(8)
        for i in range(6):
            skm_answer(period=first, data=sheet(rng), key=f"c{i}-xxxxxxxxxxxx")
        period_close(period=first)
        complaint = Complaint.objects.create(
            service_unit=self.service_unit,
            tracking_code="CHG1",
            submit_key="chg-1",
            kind="complaint",
            text="Antrian lama",
            created_at=timezone.now() - timedelta(hours=5),
        )
        complaint_answer(
            complaint=complaint, text="Sudah kami tambah loket", close=False, by=self.head
        )
        figures = change_project_figures(
            self.agency_a.units.get(path=""), timezone.localdate() + timedelta(days=1)
        )
        html = render_to_string("service/_change_project.html", {"figures": figures})
        self.assertIn('data-service-unit="dinkes"', html)
        self.assertIn("data-before", html)
        self.assertNotIn("data-after", html)  # no period after the change yet
        self.assertEqual(figures["times"][-1]["first_answer"]["n"], 1)
        self.assertIn(f'data-month="{figures["times"][-1]["month"]}"', html)
