"""Regression tests for what a privacy review found: trends, comments, drafts, row order,
instrument ownership, names in confidential reports, and malformed query parameters."""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from revmen.accounts.services import unit_ensure_path
from revmen.culture.models import Wave
from revmen.culture.report import build_report
from revmen.culture.services import tokens_issue, wave_close, wave_create
from revmen.front.testing import BaseTestCase, run_periodic, run_queued_tasks
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.models import Draft, Response
from revmen.instruments.services import draft_save, response_submit

CODES = [
    f"{d}{i}"
    for d in ["BP", "AK", "KO", "HA", "LO", "AD", "KL", "BS", "ML", "RS"]
    for i in (1, 2, 3)
] + ["OV1", "OV2"]


def csv_for(rows: list[tuple[str, int, int]]) -> str:
    """(unit path, respondents, answer value for every item)"""
    lines = [",".join(["unit", *CODES, "T1"])]
    for path, count, value in rows:
        lines += [",".join([path, *[str(value)] * len(CODES), "komentar"])] * count
    return "\n".join(lines) + "\n"


class ReviewFixTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()

    def import_wave(self, name: str, rows: list[tuple[str, int, int]], on: str) -> Wave:
        path = Path(tempfile.mkdtemp()) / "w.csv"
        path.write_text(csv_for(rows))
        call_command(
            "culture",
            "import",
            str(path),
            "--org",
            "PEMPROV-A",
            "--wave",
            name,
            "--create-units",
            "--date",
            on,
            stdout=io.StringIO(),
        )
        return Wave.objects.get(name=name)

    def test_a_trend_never_reveals_a_score_the_earlier_wave_hid(self) -> None:
        old = self.import_wave(
            "2025", [("Sekretariat Daerah", 6, 1), ("Dinas Kesehatan", 20, 4)], "2025-03-01"
        )
        Wave.objects.filter(pk=old.pk).update(min_group_size=10)
        new = self.import_wave(
            "2026", [("Sekretariat Daerah", 6, 5), ("Dinas Kesehatan", 20, 4)], "2026-03-01"
        )
        rows = {row.unit.path: row for row in build_report(new).rows}
        assert rows["Sekretariat Daerah"].shown
        assert rows["Sekretariat Daerah"].trend is None  # hidden in 2025 at its k = 10

    def test_trends_follow_the_survey_dates_not_the_import_order(self) -> None:
        later = self.import_wave("2026", [("Dinas Kesehatan", 20, 5)], "2026-03-01")
        earlier = self.import_wave("2019", [("Dinas Kesehatan", 20, 2)], "2019-03-01")
        assert build_report(later).previous == earlier
        assert build_report(earlier).previous is None

    def test_heads_of_unit_see_no_comments_and_small_agencies_none_either(self) -> None:
        wave = self.import_wave(
            "2026",
            [("Dinas Kesehatan/Bidang Pelayanan", 10, 4), ("Dinas Kesehatan/Bidang P2P", 2, 4)],
            "2026-03-01",
        )
        self.login(self.head)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertNotContains(page, '<ul class="comments">')
        self.assertNotContains(page, "<li>komentar</li>")
        self.login(self.culture_admin)
        self.assertContains(self.client.get(f"/culture/waves/{wave.pk}/report/"), "komentar")

    def test_closing_shuffles_the_rows_and_removes_drafts(self) -> None:
        now = timezone.now()
        wave = wave_create(
            agency=self.agency_a,
            name="Live",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        unit, _n = unit_ensure_path(agency=self.agency_a, path="Sekretariat Daerah")
        n_items = wave.administration.version.items.count()
        tokens = tokens_issue(wave=wave, unit=unit, count=40)
        for value, token in enumerate(tokens[:39]):
            response_submit(
                administration=wave.administration,
                token=token,
                sheet=AnswerSheet(
                    values=[1 + value % 5] * (n_items - 2) + [0, 0], texts={"T1": f"{value:02d}"}
                ),
            )
        draft_save(wave.administration, AnswerSheet.empty(n_items), token=tokens[39])
        run_queued_tasks()
        wave_close(wave=wave, wait=True)
        order_by = "rowid" if connection.vendor == "sqlite" else "ctid"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT texts FROM instruments_response ORDER BY {order_by}")
            stored = [str(row[0]) for row in cursor.fetchall()]
        assert len(stored) == 39
        assert stored != sorted(stored)  # 1 chance in 39! of failing by luck
        assert not Draft.objects.exists()

    def test_the_fold_writes_answers_back_in_random_order(self) -> None:
        now = timezone.now()
        wave = wave_create(
            agency=self.agency_a,
            name="Live",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        n_items = wave.administration.version.items.count()
        tokens = tokens_issue(wave=wave, unit=self.seksi, count=39)
        with self.captureOnCommitCallbacks(execute=True):
            for value, token in enumerate(tokens):
                sheet = AnswerSheet(
                    values=[4] * (n_items - 2) + [0, 0], texts={"T1": f"{value:02d}"}
                )
                response_submit(administration=wave.administration, token=token, sheet=sheet)
        run_periodic()
        order_by = "rowid" if connection.vendor == "sqlite" else "ctid"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT texts FROM instruments_response ORDER BY {order_by}")
            stored = [str(row[0]) for row in cursor.fetchall()]
        assert Response.objects.filter(folded=True).count() == 39
        assert len(stored) == 39 and stored != sorted(stored)  # 1 in 39! to fail by luck

    def test_malformed_query_parameters_are_404_not_500(self) -> None:
        now = timezone.now()
        wave = wave_create(
            agency=self.agency_a,
            name="Live",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        key = wave.administration.public_key
        self.assertEqual(self.client.get(f"/c/{key}/?unit=abc").status_code, 404)
        self.login(self.organiser)
        self.assertEqual(
            self.client.get(f"/batches/{self.batch.code}/change/?post=abc").status_code, 404
        )


class InstrumentOwnershipTests(BaseTestCase):
    def test_organisers_cannot_replace_built_in_or_other_institutes_instruments(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from revmen.core.models import Job

        load_library()
        self.login(self.admin)
        from revmen.culture.services import default_culture_version

        number = default_culture_version().number  # type: ignore[union-attr]
        content = self.client.get(f"/instruments/BUDAYA-BERAKHLAK/v{number}.xlsx").content
        self.login(self.organiser)
        response = self.client.post(
            "/instruments/import/",
            {
                "code": "BUDAYA-BERAKHLAK",
                "kind": "culture",
                "file": SimpleUploadedFile("x.xlsx", content),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Job.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/instruments/import/",
                {
                    "code": "BUDAYA-LOKAL",
                    "kind": "culture",
                    "file": SimpleUploadedFile("x.xlsx", content),
                },
            )
        run_queued_tasks()
        from revmen.instruments.models import Instrument

        self.assertEqual(Instrument.objects.get(code="BUDAYA-LOKAL").owner, self.institute)


class ConfidentialNamesTests(BaseTestCase):
    def test_a_confidential_post_test_names_nobody_even_after_an_identified_pre_test(self) -> None:
        from revmen.instruments.analysis import prepost_change
        from revmen.instruments.tests.helpers import administer, attitude_version

        version = attitude_version()
        pre = administer(version, batch=self.batch, purpose="pre")
        post = administer(version, batch=self.batch, purpose="post", identity="confidential")
        for person in (self.participant, self.participant2):
            response_submit(
                administration=pre, person=person, sheet=AnswerSheet(values=[3, 3, 3, 3, 0])
            )
            response_submit(
                administration=post, person=person, sheet=AnswerSheet(values=[4, 2, 4, 4, 0])
            )
        report = prepost_change(pre, post)
        assert not report.named
        assert all(p.person is None and p.label.startswith("P-") for p in report.people)


class IntakeDraftTests(BaseTestCase):
    def test_the_intake_removes_saved_progress_under_the_token(self) -> None:
        load_library()
        now = timezone.now()
        wave = wave_create(
            agency=self.agency_a,
            name="Live",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        (token,) = tokens_issue(wave=wave, unit=self.seksi, count=1)
        self.client.post(f"/t/{token}/?s=0", {"BP1": "4"})
        self.assertTrue(Draft.objects.exists())
        items = wave.administration.version.items.all()
        answers = {i.code: "4" if i.kind == "likert" else "1" for i in items if not i.is_text}
        self.assertEqual(
            self.client.post(f"/api/answers/{token}/", answers).status_code,
            201,
        )
        self.assertFalse(Draft.objects.exists())
        self.assertEqual(Response.objects.count(), 1)
