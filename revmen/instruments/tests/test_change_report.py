"""The batch change report: numbers come from the statistics core, names only when identified."""

from __future__ import annotations

import numpy as np
from scipy import stats as scipy_stats

from revmen.accounts.services import person_create
from revmen.front.testing import TODAY, BaseTestCase
from revmen.instruments.analysis import prepost_change
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.services import response_submit
from revmen.training.models import BatchRole, Enrolment

from .helpers import administer, attitude_version

# B1, B2 (reverse), B3, M1 on 1-5, M2 text. Five participants.
PRE = [[2, 4, 2, 3], [3, 3, 3, 3], [1, 5, 2, 2], [4, 2, 4, 4], [2, 3, 3, 3]]
POST = [[4, 2, 4, 4], [3, 3, 4, 3], [3, 3, 3, 4], [4, 2, 5, 4], [2, 3, 3, 2]]


class ChangeReportTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()
        self.people = [self.participant, self.participant2]
        for n in range(3):
            person = person_create(name=f"Peserta {n}", email=f"p{n}@example.go.id", today=TODAY)
            Enrolment.objects.create(batch=self.batch, person=person, role=BatchRole.PARTICIPANT)
            self.people.append(person)
        self.pre = administer(self.version, batch=self.batch, purpose="pre")
        self.post = administer(self.version, batch=self.batch, purpose="post")
        for person, pre, post in zip(self.people, PRE, POST, strict=True):
            response_submit(
                administration=self.pre, person=person, sheet=AnswerSheet(values=[*pre, 0])
            )
            response_submit(
                administration=self.post, person=person, sheet=AnswerSheet(values=[*post, 0])
            )

    def test_the_group_change_matches_an_independent_computation(self) -> None:
        report = prepost_change(self.pre, self.post)
        total = report.scales[0]
        assert total.code == "TOTAL" and total.paired is not None

        def scores(rows: list[list[int]]) -> np.ndarray:
            data = np.array(rows, dtype=float)
            data[:, 1] = 6 - data[:, 1]  # B2 is reverse-keyed
            return data.mean(axis=1)

        pre, post = scores(PRE), scores(POST)
        expected = scipy_stats.ttest_rel(post, pre)
        self.assertEqual(total.paired.n, 5)
        self.assertAlmostEqual(total.paired.mean_diff, float(np.mean(post - pre)), places=12)
        self.assertAlmostEqual(total.paired.t, float(expected.statistic), places=10)
        self.assertAlmostEqual(total.paired.p, float(expected.pvalue), places=10)
        self.assertEqual(len(report.people), 5)

    def test_the_page_shows_scales_reliability_and_people(self) -> None:
        self.login(self.organiser)
        page = self.client.get(f"/batches/{self.batch.code}/change/?post={self.post.pk}")
        self.assertContains(page, 'data-scale="BSH"')
        self.assertContains(page, "Ani Peserta")
        self.assertContains(page, "α")

    def test_confidential_reports_name_nobody(self) -> None:
        pre = administer(self.version, batch=self.batch, purpose="pre", identity="confidential")
        post = administer(self.version, batch=self.batch, purpose="post", identity="confidential")
        for person, a, b in zip(self.people, PRE, POST, strict=True):
            response_submit(administration=pre, person=person, sheet=AnswerSheet(values=[*a, 0]))
            response_submit(administration=post, person=person, sheet=AnswerSheet(values=[*b, 0]))
        self.login(self.organiser)
        page = self.client.get(f"/batches/{self.batch.code}/change/?post={post.pk}")
        self.assertNotContains(page, "Ani Peserta")
        self.assertContains(page, "P-01")

    def test_the_page_opens_with_a_plain_summary_that_agrees_with_the_table(self) -> None:
        report = prepost_change(self.pre, self.post)
        assert report.headline is not None and report.headline.code == "TOTAL"
        counts = report.headline.rci.counts()
        self.login(self.organiser)
        self.client.cookies["django_language"] = "en"
        page = self.client.get(f"/batches/{self.batch.code}/change/?post={self.post.pk}")
        html = page.content.decode()
        assert html.index('id="change-summary"') < html.index('class="stats-table"')
        paired = report.headline.paired
        self.assertContains(
            page,
            f"The mean score went from {paired.pre_mean:.2f} to {paired.post_mean:.2f}"
            " on a scale of 1 to 5.",
        )
        self.assertContains(
            page,
            f"{counts['improved']} of 5 participants improved reliably, "
            f"{counts['unchanged']} showed no reliable change and "
            f"{counts['deteriorated']} got worse.",
        )
        self.assertContains(page, 'class="change-chart"')
        self.assertContains(page, "<progress", count=2 * len(report.chart()))

    def test_in_indonesian_the_summary_and_intervals_speak_one_language(self) -> None:
        self.login(self.organiser)
        self.client.cookies["django_language"] = "id"
        page = self.client.get(f"/batches/{self.batch.code}/change/?post={self.post.pk}")
        self.assertContains(page, "Singkatnya")
        self.assertNotContains(page, "95% CI")
        self.assertContains(page, "[IK 95%]", count=3)

    def test_the_report_downloads_as_a_spreadsheet_with_numbers(self) -> None:
        import io

        from openpyxl import load_workbook

        self.login(self.organiser)
        url = f"/batches/{self.batch.code}/change/?post={self.post.pk}&download=xlsx"
        response = self.client.get(url)
        assert response["Content-Type"].startswith("application/vnd.openxml")
        workbook = load_workbook(io.BytesIO(response.content))
        scales, people = workbook.worksheets
        report = prepost_change(self.pre, self.post)
        rows = list(scales.iter_rows(values_only=True))
        # Downloads speak Indonesian by default.
        assert rows[0][:4] == ("Skala", "n", "Pre", "Post")
        assert len(rows) == 1 + len(report.scales)
        total = report.scales[0].paired
        assert rows[1][0] == "Semua skala" and rows[1][1] == 5
        self.assertAlmostEqual(rows[1][4], total.mean_diff, places=12)
        assert scales.cell(row=2, column=5).number_format == "0.00"
        names = [row[0] for row in people.iter_rows(min_row=2, values_only=True)]
        assert names == sorted(p.name for p in self.people)
        from revmen.core.models import AuditEntry

        entry = AuditEntry.objects.get(action="instruments.change.export")
        assert entry.actor_id == self.organiser.pk

    def test_a_post_test_not_yet_open_says_when_it_opens(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        later = timezone.now() + timedelta(days=30)
        post = administer(
            self.version,
            batch=self.batch,
            purpose="post",
            opens_at=later,
            closes_at=later + timedelta(days=7),
        )
        self.login(self.organiser)
        page = self.client.get(f"/batches/{self.batch.code}/change/?post={post.pk}")
        self.assertContains(page, 'data-post="waiting"')
        self.assertContains(page, "Post-test dibuka pada")
        self.assertNotContains(page, "stats-table")

    def test_outsiders_and_participants_get_404(self) -> None:
        url = f"/batches/{self.batch.code}/change/?post={self.post.pk}"
        for person in (self.outsider, self.participant, self.head):
            self.login(person)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.get(f"{url}&download=xlsx").status_code, 404)


class KnowledgeChangeTests(BaseTestCase):
    def test_a_knowledge_test_reports_percent_correct(self) -> None:
        from revmen.instruments.library import load_definition
        from revmen.instruments.models import Version

        load_definition(
            {
                "code": "TES-K",
                "name": "Tes",
                "kind": "knowledge",
                "revision": 1,
                "scales": [],
                "sections": [
                    {
                        "title": "Soal",
                        "items": [
                            {
                                "code": f"K{i}",
                                "text": f"Soal {i}",
                                "type": "choice",
                                "options": ["a", "b", "c"],
                                "key": 2,
                            }
                            for i in range(1, 5)
                        ],
                    }
                ],
            }
        )
        version = Version.objects.get(instrument__code="TES-K")
        pre = administer(version, batch=self.batch, purpose="pre")
        post = administer(version, batch=self.batch, purpose="post")
        answers = {
            self.participant: ([2, 1, 1, 1], [2, 2, 2, 1]),
            self.participant2: ([1, 1, 2, 3], [2, 2, 2, 2]),
        }
        for person, (before, after) in answers.items():
            response_submit(administration=pre, person=person, sheet=AnswerSheet(values=before))
            response_submit(administration=post, person=person, sheet=AnswerSheet(values=after))
        report = prepost_change(pre, post)
        knowledge = next(s for s in report.scales if s.code == "KNOWLEDGE")
        assert knowledge.paired is not None
        self.assertAlmostEqual(knowledge.paired.pre_mean, 25.0)
        self.assertAlmostEqual(knowledge.paired.post_mean, 87.5)
        self.assertEqual({round(p.post or 0) for p in report.people}, {75, 100})
