"""Profile questions (years of service, age band): counted for the whole agency only, erased
from the stored answers by the fold, shown by the cut rule of ``revmen.privacy``."""

from __future__ import annotations

import io

import numpy as np

from revmen.culture.aggregates import recompute, stored
from revmen.culture.models import CutAggregate, Wave
from revmen.culture.report import build_report
from revmen.culture.services import default_culture_version
from revmen.front.testing import BaseTestCase
from revmen.instruments.library import load_library
from revmen.instruments.models import Response

from .test_waves import DIMS, import_csv

LIKERT = [f"{d}{i}" for d in DIMS for i in (1, 2, 3)] + ["OV1", "OV2"]


def import_rows(rows: list[tuple[str, str, str, int]], name: str = "Profil") -> Wave:
    """rows: (unit path, DM1 answer, Likert answer for every item, how many such respondents)."""
    lines = [",".join(["unit", *LIKERT, "DM1"])]
    for path, dm1, value, count in rows:
        lines += [",".join([path, *[value] * len(LIKERT), dm1])] * count
    return import_csv("\n".join(lines) + "\n", name)


class CutTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        version = default_culture_version()
        assert version is not None
        self.dm1 = version.items.get(code="DM1").position

    def test_the_fold_counts_profile_answers_for_the_agency_and_erases_them_from_the_rows(
        self,
    ) -> None:
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 7),
                ("Dinas Kesehatan", "2", "2", 3),
                ("Dinas Kesehatan", "", "5", 2),
            ]
        )
        answers = [bytes(a) for a in Response.objects.values_list("answers", flat=True)]
        self.assertEqual(len(answers), 12)
        self.assertTrue(all(a[self.dm1] == 0 for a in answers))  # no row keeps unit + profile
        cuts = {(c.item_code, c.value): c.n for c in CutAggregate.objects.filter(wave=wave)}
        self.assertEqual(
            cuts, {("DM1", 1): 7, ("DM1", 2): 3, ("DM1", 0): 2, ("DM2", 0): 12}
        )  # DM2 was not asked in that survey: everyone "did not answer"
        folded, again = stored(wave), recompute(wave)  # the unit aggregates never saw DM1
        for unit, (n, counts) in again.items():
            self.assertEqual(folded[unit][0], n)
            self.assertTrue(np.array_equal(folded[unit][1], counts))
            self.assertEqual(int(counts[self.dm1, 1:].sum()), 0)

    def test_a_cut_shows_answer_groups_by_the_cut_rule_with_their_own_scores(self) -> None:
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 7),  # all favourable
                ("Dinas Kesehatan", "2", "2", 3),  # 3 people: hidden
                ("Dinas Kesehatan", "3", "2", 1),
                ("Dinas Kesehatan", "", "5", 1),
            ]
        )
        (cut,) = [c for c in build_report(wave).cuts if c.code == "DM1"]
        rows = {row.label: row for row in cut.rows}
        less, mid, more = (
            rows[label] for label in ("Kurang dari 5 tahun", "5–15 tahun", "Lebih dari 15 tahun")
        )
        # 7 shown: the rest (3 + 1 + 1 skipped = 5) reaches k = 5, so neither can be derived.
        self.assertEqual((less.n, less.shown), (7, True))
        self.assertEqual((mid.n, mid.shown, more.shown), (3, False, False))
        self.assertEqual(cut.unanswered, 1)
        assert less.scores is not None
        self.assertEqual(less.scores.index, 100.0)  # every answer 4: favourable
        self.assertEqual(set(less.scores.dimensions.values()), {100.0})
        self.assertIsNone(mid.scores)

    def test_a_cut_that_would_reveal_the_skippers_hides_more(self) -> None:
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 8),
                ("Dinas Kesehatan", "2", "2", 8),
                ("Dinas Kesehatan", "", "5", 2),
            ]
        )
        (cut,) = [c for c in build_report(wave).cuts if c.code == "DM1"]
        shown = [row for row in cut.rows if row.shown]
        # Both shown would give the 2 who skipped; and "5–15" alone is Dinas Kesehatan minus
        # its 2 skippers, which the unit figure would give away: nothing is shown.
        self.assertEqual(shown, [])

    def test_a_cut_group_that_differs_from_a_unit_by_a_few_people_is_hidden(self) -> None:
        # The reviewer's case: Sekretariat Daerah (10, all newcomers) and Dinas Kesehatan (6,
        # one newcomer) are both shown; "< 5 years" = Sekda + 1 and "5-15" = Dinkes - 1 would
        # each give the one newcomer of Dinas Kesehatan by subtraction.
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 10),
                ("Dinas Kesehatan", "1", "2", 1),
                ("Dinas Kesehatan", "2", "5", 5),
            ]
        )
        report = build_report(wave)
        shown_units = {row.unit.path for row in report.rows if row.shown}
        self.assertIn("Sekretariat Daerah", shown_units)
        self.assertIn("Dinas Kesehatan", shown_units)
        (cut,) = [c for c in report.cuts if c.code == "DM1"]
        self.assertEqual([row.shown for row in cut.rows], [False, False, False])
        self.assertEqual({row.reason for row in cut.rows[:2]}, {"differencing"})

    def test_a_cut_spread_evenly_over_the_units_is_shown(self) -> None:
        wave = import_rows(
            [
                ("Sekretariat Daerah", "1", "4", 6),
                ("Sekretariat Daerah", "2", "2", 6),
                ("Dinas Kesehatan", "1", "4", 5),
                ("Dinas Kesehatan", "2", "2", 5),
            ]
        )
        (cut,) = [c for c in build_report(wave).cuts if c.code == "DM1"]
        self.assertEqual([row.shown for row in cut.rows], [True, True, False])

    def test_cuts_are_for_the_whole_agency_only(self) -> None:
        wave = import_rows([("Dinas Kesehatan/Bidang Pelayanan", "1", "4", 12)])
        self.assertTrue(build_report(wave).cuts)
        self.assertEqual(build_report(wave, root=self.dinkes).cuts, [])
        self.login(self.head)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertNotContains(page, "data-cut")

    def test_the_report_page_and_workbook_show_the_cut(self) -> None:
        from openpyxl import load_workbook

        wave = import_rows([("Sekretariat Daerah", "1", "4", 7), ("Dinas Kesehatan", "2", "2", 6)])
        self.login(self.culture_admin)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertContains(page, 'data-cut="DM1"')
        self.assertContains(page, "Kurang dari 5 tahun")
        workbook = self.client.get(f"/culture/waves/{wave.pk}/report/?format=xlsx")
        book = load_workbook(io.BytesIO(workbook.content))
        units, sheet = book.worksheets
        assert sheet.title == "Profil responden"
        header = [c.value for c in sheet[1]]
        assert header[:6] == [
            "Pertanyaan",
            "Jawaban",
            "Responden (n)",
            "Status",
            "Indeks (0-100)",
            "Kategori",
        ]
        assert not any(h in header for h in ("DM1", "shown", "category_label"))
        question = build_report(wave).cuts[0].question
        rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == question]
        self.assertEqual(
            [(r[1], r[2], r[3]) for r in rows],
            [
                ("Kurang dari 5 tahun", 7, "ditampilkan"),
                ("5–15 tahun", 6, "ditampilkan"),
                ("Lebih dari 15 tahun", 0, "tidak ada jawaban"),
            ],
        )
        self.assertEqual(rows[0][4], 100.0)
        self.assertEqual(rows[1][4], 0.0)
        self.assertEqual(rows[0][5], "A (Sehat)")
        values = [v for row in units.iter_rows(min_row=2, values_only=True) for v in row]
        assert not any(isinstance(v, bool) for v in values)
        assert all(round(v, 2) == v for v in values if isinstance(v, float))
