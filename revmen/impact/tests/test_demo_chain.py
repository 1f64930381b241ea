"""The demo's closed batch: every level of the chain with its n; the pages, exports, command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils.translation import override

from revmen.accounts.models import Person
from revmen.core.jobs import job_run
from revmen.core.models import Job
from revmen.front.demo import LOGINS, load_demo
from revmen.impact.chain import LEVELS
from revmen.impact.exports import PDF_KIND
from revmen.training.models import Batch


class DemoChainTests(TestCase):
    batch: Batch

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo()
        batch = Batch.objects.filter(closed_at__isnull=False).order_by("start_date").first()
        assert batch is not None
        cls.batch = batch

    def _login(self, persona: str) -> None:
        self.client.force_login(Person.objects.get(email=LOGINS[persona][0]))

    def _json(self, *args: str) -> dict[str, Any]:
        out = StringIO()
        call_command("impact", *args, "--json", stdout=out, stderr=StringIO())
        data: dict[str, Any] = json.loads(out.getvalue())
        return data

    def test_it_gives_every_level_with_n_and_warnings(self) -> None:
        chain = self._json("--batch", self.batch.code)
        self.assertEqual(chain["batch"], self.batch.code)
        for level in LEVELS:
            self.assertIsInstance(chain[level]["n"], int)
        self.assertGreaterEqual(chain["learning"]["n"], 5)
        self.assertIsNotNone(chain["learning"]["dz"])
        self.assertEqual(chain["dropout"][0]["level"], "enrolled")
        self.assertTrue(chain["caveat"])

    def test_the_batch_with_change_projects_has_skm_before_and_after(self) -> None:
        # The training demo's closed batch (the latest closed one with projects; the follow-up
        # demo's, closed six months ago, has projects too): its completed project changed the
        # surveyed service.
        batch = (
            Batch.objects.filter(closed_at__isnull=False, enrolments__plan__isnull=False)
            .distinct()
            .order_by("-end_date")
            .first()
        )
        assert batch is not None
        chain = self._json("--batch", batch.code)
        skm = chain["results"]["skm"]
        self.assertGreaterEqual(skm["n"], 1)
        row = next(r for r in skm["service_units"] if r["before"] and r["after"])
        self.assertIsNotNone(skm["change"])
        self.assertNotEqual(row["before"]["period"], row["after"]["period"])

    def test_a_level_below_the_minimum_group_is_null_with_its_reason(self) -> None:
        chain = self._json("--batch", self.batch.code)
        projects = chain["behaviour"]["projects"]
        if projects["n"] < chain["min_group_size"]:
            self.assertIsNone(projects["alive"])
            self.assertTrue(any(w.startswith("projects:") for w in chain["warnings"]))
        if chain["reaction"]["index"] is None:
            self.assertTrue(any(w.startswith("reaction") for w in chain["warnings"]))

    def test_the_programme_gives_one_chain_per_batch(self) -> None:
        code = self.batch.programme.code
        data = self._json("--programme", code)
        self.assertEqual(data["programme"], code)
        self.assertEqual(
            [b["batch"] for b in data["batches"]],
            list(
                Batch.objects.filter(programme__code=code)
                .order_by("start_date", "code")
                .values_list("code", flat=True)
            ),
        )

    def test_an_unknown_batch_exits_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            call_command("impact", "--batch", "NOPE", stdout=StringIO())
        self.assertEqual(caught.exception.returncode, 2)

    def test_the_organiser_sees_the_four_levels_in_one_picture(self) -> None:
        self._login("organiser")
        with override("en"):
            page = self.client.get(f"/dampak/angkatan/{self.batch.code}/")
        self.assertEqual(page.status_code, 200)
        for level in LEVELS:
            self.assertContains(page, f'data-level="{level}"')
        self.assertContains(page, "data-caveat")
        self.assertContains(page, "data-hidden")  # a level below k says so
        self.assertNotContains(page, "<script>")

    def test_outsiders_get_404(self) -> None:
        for persona in ("participant", "alumni", "culture_admin", "agency_admin"):
            self._login(persona)
            for url in (
                f"/dampak/angkatan/{self.batch.code}/",
                f"/dampak/program/{self.batch.programme.code}/",
                f"/dampak/lembaga/{self.batch.programme.institute.code}/",
                f"/dampak/batch/{self.batch.code}/xlsx/",
            ):
                self.assertEqual(self.client.get(url).status_code, 404, (persona, url))
            self.assertEqual(
                self.client.post(f"/dampak/batch/{self.batch.code}/pdf/").status_code, 404
            )
        self.assertEqual(self.client.get("/dampak/nothing/X/xlsx/").status_code, 404)

    def test_the_programme_and_institute_pages_list_the_batches(self) -> None:
        self._login("organiser")
        page = self.client.get(f"/dampak/program/{self.batch.programme.code}/")
        self.assertContains(page, f'data-batch="{self.batch.code}"')
        page = self.client.get(f"/dampak/lembaga/{self.batch.programme.institute.code}/")
        self.assertContains(page, f'data-year="{self.batch.end_date.year}"')
        self.assertContains(page, f'data-batch="{self.batch.code}"')

    def test_the_xlsx_has_a_row_per_figure(self) -> None:
        from openpyxl import load_workbook

        self._login("organiser")
        response = self.client.get(f"/dampak/batch/{self.batch.code}/xlsx/")
        self.assertEqual(response.status_code, 200)
        import io

        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["impact"].iter_rows(values_only=True))
        self.assertEqual(rows[0], ("batch", "level", "figure", "value", "95% interval", "n"))
        self.assertEqual({r[1] for r in rows[1:]}, set(LEVELS))
        self.assertIn("warnings", book.sheetnames)

    def test_the_pdf_is_made_in_the_background_with_progress(self) -> None:
        self._login("organiser")
        response = self.client.post(f"/dampak/programme/{self.batch.programme.code}/pdf/")
        job = Job.objects.get(kind=PDF_KIND)
        self.assertRedirects(response, f"/dampak/unduhan/{job.pk}/")
        self.assertContains(self.client.get(f"/dampak/unduhan/{job.pk}/"), "<progress")
        job_run(job.pk)
        download = self.client.get(f"/dampak/unduhan/{job.pk}/?download=1")
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertTrue(download.content.startswith(b"%PDF"))
        self._login("admin")  # another user's job is not theirs to see
        self.assertEqual(self.client.get(f"/dampak/unduhan/{job.pk}/").status_code, 404)
