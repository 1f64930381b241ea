"""Grading's forms under hostile input: a rater's rubric, an objection, an answer, a score.
Never a 500, never a row PostgreSQL could not store; a refused form writes nothing."""

from __future__ import annotations

from typing import Any

from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from revmen.core.tests.strategies import FUZZ_FORM, nasty_text, row_counts, unstorable_rows
from revmen.front.tests.test_fuzz_forms import body
from revmen.grading import services
from revmen.grading.models import Grade, Objection
from revmen.instruments.models import Response

from .test_services import GradingObjects

STORED = (Objection, Grade, Response)


@override_settings(RATELIMIT_ENABLE=False)
class FuzzTests(GradingObjects, TestCase):
    def post(self, url: str, data: dict[str, str]) -> Any:
        return self.client.post(url, body(data), content_type="application/x-www-form-urlencoded")

    def check(self, response: Any) -> None:
        assert response.status_code in (200, 302), response.status_code
        assert unstorable_rows(*STORED) == []

    @FUZZ_FORM
    @given(field=st.integers(0, 30), nasty=nasty_text)
    def test_the_rating_form(self, field: int, nasty: str) -> None:
        rubric = self.batch.rubrics.get(component=self.c["sikap"])
        items = list(rubric.administration.version.items.all())
        data = {i.code: "3" if i.points else "Teramati" for i in items}
        data[sorted(data)[field % len(data)]] = nasty
        self.login(self.facilitator)
        before = row_counts()
        url = reverse("grading_rate", args=[self.batch.code, rubric.pk, self.participant.pk])
        response = self.post(url, data)
        self.check(response)
        if response.status_code == 200:
            assert row_counts() == before

    @FUZZ_FORM
    @given(nasty=nasty_text, extra=nasty_text)
    def test_the_objection_and_answer_forms(self, nasty: str, extra: str) -> None:
        if not Grade.objects.exists():
            self.score_everyone()
            services.grades_compute(batch=self.batch)
            services.grades_release(batch=self.batch, by=self.organiser)
        self.login(self.participant)
        self.check(self.post(reverse("grading_objection", args=[self.batch.code]), {"text": nasty}))
        objection = Objection.objects.first()
        if objection is not None:
            self.login(self.organiser)
            url = reverse("grading_objection_answer", args=[self.batch.code, objection.pk])
            self.check(self.post(url, {"answer": extra}))

    @FUZZ_FORM
    @given(score=nasty_text, reason=nasty_text)
    def test_the_score_form(self, score: str, reason: str) -> None:
        if not Grade.objects.exists():
            services.grades_compute(batch=self.batch)
        grade = Grade.objects.first()
        assert grade is not None
        self.login(self.organiser)
        url = reverse("grading_correct", args=[self.batch.code, grade.pk])
        data = {"component": str(self.c["proyek"].pk), "score": score, "reason": reason}
        self.check(self.post(url, data))
