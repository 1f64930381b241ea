"""A wave's answers exported for analysts: no unit the report hides, no profile, no comments."""

from __future__ import annotations

import csv
import io

from revmen.culture.report import decisions_for
from revmen.front.testing import BaseTestCase
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
