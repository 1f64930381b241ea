"""Culture waves end to end: import, fold = recompute, suppression in the report, access."""

from __future__ import annotations

import io
import json
import random
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from revmen.accounts.models import Unit
from revmen.core.models import Job
from revmen.culture.aggregates import recompute, stored
from revmen.culture.models import Wave
from revmen.culture.report import build_report, report_json
from revmen.culture.services import (
    CLOSE_KIND,
    CLOSE_STEPS,
    close_job,
    tokens_issue,
    wave_close,
    wave_create,
)
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.models import Response, Token
from revmen.instruments.services import response_submit

DIMS = ["BP", "AK", "KO", "HA", "LO", "AD", "KL", "BS", "ML", "RS"]


def culture_csv(rows: list[tuple[str, int]], seed: int = 1) -> str:
    """``rows``: (unit path, respondents). Answers favourable with ~70% probability."""
    rng = random.Random(seed)
    codes = [f"{d}{i}" for d in DIMS for i in (1, 2, 3)] + ["OV1", "OV2"]
    lines = [",".join(["unit", *codes, "T1"])]
    for path, count in rows:
        for _ in range(count):
            values = [str(rng.choice([5, 4, 4, 3, 2])) for _code in codes]
            lines.append(",".join([path, *values, "Lebih cepat melayani"]))
    return "\n".join(lines) + "\n"


TREE = [
    ("", 2),
    ("Dinas Kesehatan", 0),
    ("Dinas Kesehatan/Bidang Pelayanan", 12),
    ("Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan", 3),
    ("Dinas Kesehatan/Bidang P2P", 9),
    ("Sekretariat Daerah", 20),
]


def import_tree_wave(name: str, *extra: str) -> Wave:
    """Load the TREE wave through `revmen culture import` into PEMPROV-A."""
    return import_csv(culture_csv(TREE), name, *extra)


def import_csv(text: str, name: str, *extra: str) -> Wave:
    """Load a wave from CSV text through `revmen culture import` into PEMPROV-A."""
    import tempfile

    path = Path(tempfile.mkdtemp()) / "wave.csv"
    path.write_text(text)
    call_command(
        "culture",
        "import",
        str(path),
        "--org",
        "PEMPROV-A",
        "--wave",
        name,
        "--create-units",
        *extra,
        stdout=io.StringIO(),
    )
    return Wave.objects.get(name=name)


class CultureImportTests(BaseTestCase):
    def import_tree(self, name: str = "Gelombang I") -> Wave:
        return import_tree_wave(name, "--date", "2026-03-01")

    def test_the_report_hides_small_and_differencing_groups_and_shows_the_agency(self) -> None:
        wave = self.import_tree()
        data = report_json(build_report(wave, with_extras=False))
        rows = {row["unit"]: row for row in data["units"]}
        root = rows["Pemerintah Provinsi A"]
        assert (root["n"], root["shown"]) == (46, True)
        assert root["category"] in {"A", "B", "C"}
        seksi = rows["Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan"]
        assert (seksi["n"], seksi["shown"], seksi["index"]) == (3, False, None)
        # Bidang Pelayanan (15) minus Seksi (3) would reveal the 12 + 3: it is shown only if
        # its residual (its own 12) is >= k, which holds; the root's residual (its own 2) is
        # below k, so one of its shown children is hidden as well.
        shown = [path for path, row in rows.items() if row["shown"]]
        assert all(rows[p]["n"] >= 5 for p in shown)
        assert not all(rows[p]["shown"] for p in ["Dinas Kesehatan", "Sekretariat Daerah"])
        assert data["units"][0]["unit"] == "Pemerintah Provinsi A"

    def test_the_folded_aggregates_equal_a_full_recompute(self) -> None:
        wave = self.import_tree()
        folded = stored(wave)
        again = recompute(wave)
        assert set(folded) == set(again)
        for unit, (n, counts) in again.items():
            assert folded[unit][0] == n
            assert np.array_equal(folded[unit][1], counts)

    def test_bad_rows_import_nothing(self) -> None:
        import tempfile

        path = Path(tempfile.mkdtemp()) / "bad.csv"
        path.write_text("unit,BP1,BP2\nTidak Ada,5,4\n,6,4\n,x,\n")
        with pytest.raises(CommandError) as caught:
            call_command("culture", "import", str(path), "--org", "PEMPROV-A", "--wave", "W")
        assert caught.value.returncode == 2
        assert not Wave.objects.exists()
        with pytest.raises(CommandError):
            call_command("culture", "import", str(path), "--org", "TIDAK-ADA", "--wave", "W")

    def test_an_existing_wave_name_is_refused(self) -> None:
        self.import_tree()
        with pytest.raises(CommandError):
            self.import_tree()

    def test_the_report_command_prints_json_with_k_override(self) -> None:
        import io

        self.import_tree()
        out = io.StringIO()
        call_command(
            "culture",
            "report",
            "--org",
            "pemprov-a",
            "--wave",
            "Gelombang I",
            "--min-group",
            "10",
            "--json",
            stdout=out,
        )
        data = json.loads(out.getvalue())
        assert data["min_group_size"] == 10
        assert all(row["n"] >= 10 for row in data["units"] if row["shown"])
        assert set(data["units"][0]["dimensions"]) == set(DIMS)


class LiveWaveTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang II",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            created_by=self.culture_admin,
        )

    def answer(self, unit: Unit, count: int) -> None:
        n_items = self.wave.administration.version.items.count()
        for token in tokens_issue(wave=self.wave, unit=unit, count=count):
            values = [4] * n_items
            for item in self.wave.administration.version.items.filter(kind="long_text"):
                values[item.position] = 0
            with self.captureOnCommitCallbacks(execute=True):
                response_submit(
                    administration=self.wave.administration,
                    sheet=AnswerSheet(values=values),
                    token=token,
                )

    def test_answers_are_folded_in_the_background_and_scores_wait_for_the_close(self) -> None:
        self.answer(self.seksi, 6)
        self.assertFalse(Response.objects.filter(folded=True).exists())
        run_queued_tasks()
        self.assertEqual(Response.objects.filter(folded=True).count(), 6)
        report = build_report(self.wave, with_extras=False)
        self.assertEqual(report.rows[0].n, 6)
        self.assertTrue(all(row.scores is None for row in report.rows))  # open: counts only
        wave_close(wave=self.wave, wait=True)
        report = build_report(self.wave, with_extras=False)
        self.assertIsNotNone(report.rows[0].scores)

    def test_who_may_see_the_wave(self) -> None:
        url = f"/culture/waves/{self.wave.pk}/"
        for person, status in [
            (self.culture_admin, 200),
            (self.agency_admin, 200),
            (self.admin, 200),
            (self.head, 200),
            (self.outsider, 404),
            (self.participant, 404),
            (self.organiser, 404),
        ]:
            self.login(person)
            self.assertEqual(self.client.get(url).status_code, status, person.name)

    def test_a_head_of_unit_sees_only_their_subtree_and_cannot_manage(self) -> None:
        self.login(self.head)
        page = self.client.get(f"/culture/waves/{self.wave.pk}/")
        self.assertContains(page, "Seksi Rujukan")
        self.assertNotContains(page, "Sekretariat Daerah")
        self.assertEqual(self.client.post(f"/culture/waves/{self.wave.pk}/close/").status_code, 404)

    def test_the_public_link_asks_for_the_unit_and_answers_once(self) -> None:
        key = self.wave.administration.public_key
        page = self.client.get(f"/c/{key}/?unit={self.seksi.pk}")
        self.assertContains(page, f'value="{self.seksi.pk}" selected')
        start = self.client.post(f"/c/{key}/", {"unit": self.seksi.pk})
        self.assertEqual(start.status_code, 302)
        self.assertEqual(self.client.get(f"/s/{key}/").status_code, 302)

    def test_single_use_links_download_as_a_workbook(self) -> None:
        import io

        from openpyxl import load_workbook

        self.login(self.culture_admin)
        response = self.client.post(
            f"/culture/waves/{self.wave.pk}/tokens/", {"unit": self.seksi.pk, "count": 3}
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        links = [row[1].value for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(len(links), 3)
        self.assertTrue(all("/t/" in link for link in links))

    def test_closing_stops_answers_at_once_and_computes_the_report_in_the_background(
        self,
    ) -> None:
        self.answer(self.seksi, 6)
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url + "close/", {"confirm": "on"})
            self.client.post(
                url + "close/", {"confirm": "on"}
            )  # a double submit queues nothing more
        self.assertRedirects(response, url)
        self.wave.refresh_from_db()
        self.assertTrue(self.wave.is_closing)
        self.assertFalse(Token.objects.filter(administration=self.wave.administration).exists())
        self.assertEqual(self.client.post(f"/api/answers/{token}/", {}).status_code, 410)
        page = self.client.get(url)
        self.assertContains(page, 'data-status="closing"')
        self.assertNotContains(page, "data-shown")  # no scores until the report is computed
        self.assertEqual(self.client.get(url + "report/").status_code, 302)
        run_queued_tasks()
        progress = self.client.get(url + "closing/", headers={"HX-Request": "true"})
        self.assertEqual(progress["HX-Redirect"], url + "report/")
        page = self.client.get(url + "report/")
        self.assertContains(page, 'data-shown="1"')
        self.assertEqual(Response.objects.filter(folded=False).count(), 0)
        job = close_job(self.wave)
        assert job is not None
        self.assertEqual((job.status, job.step, job.error), ("done", "summarising", ""))

    def test_closing_counts_what_the_fold_has_not_yet_and_shows_how_far_it_is(self) -> None:
        from revmen.culture.services import wave_finish_close

        self.answer(self.seksi, 6)  # their fold tasks are never run
        reported: list[tuple[str, int, int]] = []
        seen: list[tuple[str, int, int]] = []

        def watch(wave, progress=None):  # type: ignore[no-untyped-def]
            seen.append(reported[-1])
            return fold_all(wave, progress=progress)

        from unittest import mock

        from revmen.culture.aggregates import fold_all

        with mock.patch("revmen.culture.services.fold_all", side_effect=watch):
            wave_finish_close(
                self.wave, lambda done, total, step="": reported.append((step, done, total))
            )
        self.assertEqual(seen, [("counting", 0, 6), ("shuffling", 0, 0)])  # again under the lock
        self.assertIn(("counting", 6, 6), reported)
        self.assertEqual(list(dict.fromkeys(step for step, _d, _t in reported)), list(CLOSE_STEPS))
        self.assertTrue(self.wave.is_closed)
        folded, again = stored(self.wave), recompute(self.wave)
        self.assertEqual({u: n for u, (n, _c) in folded.items()}, {self.seksi.pk: 6})
        self.assertTrue(np.array_equal(folded[self.seksi.pk][1], again[self.seksi.pk][1]))

    def test_a_live_close_stores_the_summary_of_the_closed_wave(self) -> None:
        self.answer(self.seksi, 6)
        wave = wave_close(wave=self.wave, wait=True)
        wave.refresh_from_db()
        self.assertEqual(wave.summary["n"], 6)
        self.assertIsNotNone(wave.summary["index"])  # counted in benchmarks

    def test_a_close_that_stopped_without_a_word_can_be_started_again(self) -> None:
        from datetime import timedelta as span

        self.answer(self.seksi, 6)
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/"
        self.client.post(
            url + "close/", {"confirm": "on"}
        )  # its task is never run: the worker died
        Job.objects.filter(kind=CLOSE_KIND).update(updated_at=timezone.now() - span(minutes=31))
        self.assertContains(self.client.get(url + "closing/"), f'action="{url}close/"')
        with self.captureOnCommitCallbacks(execute=True) as queued:
            self.client.post(url + "close/")  # a retry: no box to tick
        self.assertEqual(len(queued), 1)
        run_queued_tasks()
        self.wave.refresh_from_db()
        self.assertTrue(self.wave.is_closed)

    def test_closing_needs_the_box_ticked_and_says_it_cannot_be_undone(self) -> None:
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/"
        page = self.client.get(url)
        self.assertContains(page, 'name="confirm" required')
        self.assertContains(page, "tidak dapat dibatalkan")
        response = self.client.post(url + "close/", follow=True)
        self.assertContains(response, "Centang kotak")
        self.wave.refresh_from_db()
        self.assertFalse(self.wave.is_closing)
        self.wave.administration.refresh_from_db()
        self.assertGreater(self.wave.administration.closes_at, timezone.now())  # still open

    def test_no_links_are_handed_out_while_a_wave_closes(self) -> None:
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/"
        self.client.post(url + "close/", {"confirm": "on"})
        response = self.client.post(url + "tokens/", {"unit": self.seksi.pk, "count": 3})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Token.objects.filter(administration=self.wave.administration).exists())

    def test_a_failed_close_says_so_loses_nothing_and_can_be_retried(self) -> None:
        from unittest import mock

        self.answer(self.seksi, 6)
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/"
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url + "close/", {"confirm": "on"})
        with mock.patch("revmen.culture.services.shuffle_rows", side_effect=OSError("disk full")):
            run_queued_tasks()
        self.wave.refresh_from_db()
        self.assertEqual(close_job(self.wave).error, "disk full")  # type: ignore[union-attr]
        self.assertIsNone(self.wave.closed_at)
        page = self.client.get(url + "closing/")
        self.assertContains(page, 'data-status="failed"')
        self.assertContains(page, f'action="{url}close/"')  # try again
        self.assertEqual(
            Response.objects.filter(administration=self.wave.administration).count(), 6
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url + "close/")  # a retry: no box to tick
        run_queued_tasks()
        self.wave.refresh_from_db()
        self.assertTrue(self.wave.is_closed)
        self.assertEqual(close_job(self.wave).error, "")  # type: ignore[union-attr]
        self.assertEqual(Job.objects.filter(kind=CLOSE_KIND).count(), 2)  # the failed run stays


class ExportTests(BaseTestCase):
    def test_the_pdf_is_rendered_in_the_background_and_reads_back(self) -> None:
        from pypdf import PdfReader

        wave = import_tree_wave("W1")
        self.login(self.culture_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/culture/waves/{wave.pk}/pdf/")
        status_url = response["Location"]
        self.assertContains(self.client.get(status_url), 'data-status="queued"')
        run_queued_tasks()
        self.assertContains(self.client.get(status_url), 'data-status="done"')
        pdf = self.client.get(status_url + "?download=1")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        self.assertIn("Pemerintah Provinsi A", text)
        self.assertIn("Sekretariat Daerah", text)
        self.login(self.head)
        self.assertEqual(self.client.get(status_url).status_code, 404)

    def test_the_xlsx_export_matches_the_json(self) -> None:
        from openpyxl import load_workbook

        wave = import_tree_wave("W1")
        self.login(self.agency_admin)
        response = self.client.get(f"/culture/waves/{wave.pk}/report/?format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        data = report_json(build_report(wave, with_extras=False))
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[0] for r in rows], [u["unit"] for u in data["units"]])
        self.assertEqual([r[1] for r in rows], [u["n"] for u in data["units"]])
        self.assertAlmostEqual(rows[0][3], data["units"][0]["index"], places=9)


class FoldUntilQuietTests(BaseTestCase):
    """Answers whose process asked for no fold (it had asked less than a second before) are
    folded by the fold that took the earlier ones, which keeps looking for a while."""

    setUp = LiveWaveTests.setUp
    answer = LiveWaveTests.answer

    def test_a_late_answer_is_folded_by_the_fold_that_is_still_looking(self) -> None:
        from revmen.culture.aggregates import fold_until_quiet

        self.answer(self.seksi, 3)
        now = [0.0]
        late = []

        def sleep(seconds: float) -> None:
            now[0] += seconds
            if not late:  # an answer arrives while the fold looks, and asks for no fold
                late.append(True)
                self.answer(self.seksi, 1)

        folded = fold_until_quiet(self.wave, quiet=2.0, sleep=sleep, clock=lambda: now[0])
        assert folded == 4
        assert not Response.objects.filter(folded=False).exists()
        assert now[0] >= 2.0

    def test_without_waiting_the_late_answer_is_left_unfolded(self) -> None:
        from revmen.culture.aggregates import fold_until_quiet

        self.answer(self.seksi, 3)
        assert fold_until_quiet(self.wave, quiet=0.0) == 3
        self.answer(self.seksi, 1)
        assert Response.objects.filter(folded=False).count() == 1

    def test_a_fold_that_finds_nothing_does_not_wait(self) -> None:
        from revmen.culture.aggregates import fold_until_quiet

        def sleep(seconds: float) -> None:
            raise AssertionError("waited")

        assert fold_until_quiet(self.wave, quiet=2.0, sleep=sleep) == 0
