"""A wave's answers exported for analysts: no unit the report hides, no profile, no comments."""

from __future__ import annotations

import csv
import io

from revmen.culture.report import decisions_for
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.datasets import export_responses
from revmen.instruments.library import load_library

from .test_cuts import import_rows


class WaveResponsesExportTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()

    def test_units_the_report_hides_appear_as_the_nearest_shown_one(self) -> None:
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 7),
                ("Dinas Kesehatan", "2", "2", 6),
                ("Dinas Pendidikan", "1", "3", 2),  # below k = 5
            ]
        )
        content = export_responses(wave.administration, "csv").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(content)))
        header, body = rows[0], rows[1:]
        self.assertEqual(len(body), 15)
        self.assertEqual(header[:2], ["tanggal", "unit"])
        self.assertNotIn("DM1", header)  # profile questions
        self.assertFalse({"T1", "T2"} & set(header))  # no comment columns
        units, decisions, _own = decisions_for(wave, wave.min_group_size)
        shown = {u.path or u.name for u in units if decisions[u.pk].shown}
        hidden = {u.path or u.name for u in units if not decisions[u.pk].shown}
        self.assertIn("Dinas Pendidikan", {h.split("/")[-1] for h in hidden})
        exported = {row[1] for row in body}
        self.assertTrue(exported <= shown | {""}, (exported, shown))
        self.assertFalse(exported & hidden)

    def test_the_report_page_starts_the_anonymous_data_set_for_the_agency_only(self) -> None:
        wave = import_rows([("Sekretariat Daerah", "1", "4", 6), ("Dinas Kesehatan", "2", "2", 5)])
        self.assertTrue(wave.is_closed)
        url = f"/culture/waves/{wave.pk}/responses/"
        self.login(self.culture_admin)
        self.assertContains(
            self.client.get(f"/culture/waves/{wave.pk}/report/"), "data-wave-responses"
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"format": "csv"})
        self.assertEqual(response.status_code, 302)
        run_queued_tasks()
        self.assertContains(self.client.get(response["Location"]), "download=1")
        data = self.client.get(response["Location"] + "?download=1")
        rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 12)
        self.assertNotIn("DM1", rows[0])
        self.assertEqual(self.client.post(url, {"format": "doc"}).status_code, 404)
        # a head of unit sees the report of their subtree, never the rows
        self.login(self.head)
        report = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertNotContains(report, "data-wave-responses")
        self.assertEqual(self.client.post(url, {"format": "csv"}).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.post(url, {"format": "csv"}).status_code, 404)
