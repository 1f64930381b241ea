"""Grading pages: who may open them, the rater's form, release, objection, closing, files."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from revmen.core.models import Job
from revmen.front.testing import run_queued_tasks
from revmen.grading import services
from revmen.grading.models import Grade, Objection
from revmen.grading.testing import rubric_of
from revmen.instruments.models import Response
from revmen.training.models import Outcome

from .test_services import GradingCase


class PageTests(GradingCase):
    def board_url(self) -> str:
        return reverse("grading_board", args=[self.batch.code])

    def test_the_board_is_the_organisers_only(self) -> None:
        self.login(self.organiser)
        assert self.client.get(self.board_url()).status_code == 200
        for person in (self.facilitator, self.participant, self.outsider, self.mentor):
            self.login(person)
            assert self.client.get(self.board_url()).status_code == 404

    def test_the_batch_page_links_the_organiser_to_the_board(self) -> None:
        batch_page = reverse("batch_detail", args=[self.batch.code])
        self.login(self.organiser)
        link = f'href="{self.board_url()}" id="grading-link"'.encode()
        assert link in self.client.get(batch_page).content
        self.login(self.facilitator)
        page = self.client.get(batch_page)
        assert page.status_code == 200 and b'id="grading-link"' not in page.content

    def test_a_facilitator_scores_with_a_note_per_score(self) -> None:
        self.login(self.facilitator)
        rubric = self.batch.rubrics.get(component=self.c["sikap"])
        url = reverse("grading_rate", args=[self.batch.code, rubric.pk, self.participant.pk])
        page = self.client.get(url)
        assert page.status_code == 200
        items = list(rubric_of(self.batch, self.c["sikap"]).version.items.all())
        data = {i.code: "3" for i in items if i.points}
        # no evidence: refused, nothing stored
        page = self.client.post(url, data)
        assert page.status_code == 200
        assert not Response.objects.filter(administration=rubric.administration).exists()
        data.update({i.code: "Aktif berdiskusi" for i in items if not i.points})
        assert self.client.post(url, data).status_code == 302
        assert self.client.post(url, data).status_code == 302  # a double submit
        assert Response.objects.filter(administration=rubric.administration).count() == 1
        listing = self.client.get(reverse("grading_rate_list", args=[self.batch.code]))
        assert b'data-done="1"' in listing.content

    def test_nobody_scores_someone_they_are_not_invited_about(self) -> None:
        rubric = self.batch.rubrics.get(component=self.c["proyek"])
        url = reverse("grading_rate", args=[self.batch.code, rubric.pk, self.participant.pk])
        self.login(self.facilitator)  # not the examiner
        assert self.client.get(url).status_code == 404
        self.login(self.participant)
        assert self.client.get(url).status_code == 404
        self.login(self.examiner)
        assert self.client.get(url).status_code == 200

    def test_bad_scores_are_a_clear_error_not_a_500(self) -> None:
        self.login(self.facilitator)
        rubric = self.batch.rubrics.get(component=self.c["sikap"])
        url = reverse("grading_rate", args=[self.batch.code, rubric.pk, self.participant.pk])
        items = list(rubric.administration.version.items.all())
        data = {i.code: "9" if i.points else "\x00" for i in items}
        page = self.client.post(url, data)
        assert page.status_code == 200
        assert not Response.objects.exists()

    def test_release_objection_answer_and_close_through_the_pages(self) -> None:
        self.score_everyone()
        self.login(self.organiser)
        step = reverse("grading_step", args=[self.batch.code])
        self.client.post(step, {"step": "compute"})
        self.login(self.participant)
        mine = reverse("grading_mine", args=[self.batch.code])
        assert b'id="not-released"' in self.client.get(mine).content
        objection = reverse("grading_objection", args=[self.batch.code])
        assert self.client.get(objection).status_code == 404  # nothing released yet
        self.login(self.organiser)
        self.client.post(step, {"step": "release"})
        self.login(self.participant)
        page = self.client.get(mine)
        assert b'data-outcome="lulus"' in page.content
        assert self.client.post(objection, {"text": ""}).status_code == 200
        assert self.client.post(objection, {"text": "Mohon ditinjau"}).status_code == 302
        found = Objection.objects.get()
        self.login(self.participant2)  # another participant's own page holds their own grade
        assert b"Mohon ditinjau" not in self.client.get(mine).content
        self.login(self.organiser)
        self.client.post(step, {"step": "close"})
        self.batch.refresh_from_db()
        assert not self.batch.is_closed  # an unanswered objection
        answer = reverse("grading_objection_answer", args=[self.batch.code, found.pk])
        self.client.post(answer, {"answer": "Nilai sudah sesuai rubrik."})
        self.client.post(step, {"step": "close"})
        self.batch.refresh_from_db()
        assert self.batch.is_closed
        rudi = Grade.objects.get(enrolment__person=self.participant2)
        correct = reverse("grading_correct", args=[self.batch.code, rudi.pk])
        page = self.client.post(correct, {"component": self.c["proyek"].pk, "score": "85"})
        assert page.status_code == 302
        rudi.refresh_from_db()
        assert (rudi.outcome, rudi.final_score) == (Outcome.PASSED, Decimal("91.00"))

    def test_an_unknown_step_is_404(self) -> None:
        self.login(self.organiser)
        step = reverse("grading_step", args=[self.batch.code])
        assert self.client.post(step, {"step": "drop"}).status_code == 404

    def test_the_report_and_graduates_sheets_read_back(self) -> None:
        self.score_everyone()
        services.grades_compute(batch=self.batch)
        self.login(self.organiser)
        page = self.client.get(reverse("grading_report", args=[self.batch.code, "xlsx"]))
        sheet = load_workbook(io.BytesIO(page.content)).worksheets[0]
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert names == ["Ani Peserta", "Rudi Peserta"]
        page = self.client.get(reverse("grading_report", args=[self.batch.code, "graduates"]))
        rows = list(load_workbook(io.BytesIO(page.content)).worksheets[0].values)
        assert rows[1][:2] == ("199001012015032001", "Ani Peserta")  # Rudi is deferred
        assert len(rows) == 2
        assert rows[1][5] == 10  # JP of the sessions

    def test_the_pdf_report_is_made_in_the_background(self) -> None:
        self.score_everyone()
        services.grades_compute(batch=self.batch)
        self.login(self.organiser)
        with self.captureOnCommitCallbacks(execute=True):
            page = self.client.post(reverse("grading_report_pdf", args=[self.batch.code]))
        job = Job.objects.get(kind="grading.report_pdf")
        assert page.url == reverse("grading_export", args=[job.pk])
        run_queued_tasks()
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        download = self.client.get(reverse("grading_export", args=[job.pk]) + "?download=1")
        assert download.content.startswith(b"%PDF")
        import pypdfium2

        pdf = pypdfium2.PdfDocument(download.content)
        text = " ".join(
            " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
        )
        assert "Ani Peserta" in text
        assert "100,00" in text or "100.00" in text
        self.login(self.participant)
        assert self.client.get(reverse("grading_export", args=[job.pk])).status_code == 404
