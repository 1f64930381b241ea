"""Organisers remind a batch questionnaire's non-respondents (everyone, when it is anonymous)."""

from __future__ import annotations

from django.conf import settings

from revmen.core.models import Job, Notice
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.services import response_submit

from .helpers import administer, attitude_version


class QuestionnaireReminderTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.page = f"/batches/{self.batch.code}/questionnaires/"

    def remind(self, administration: object) -> object:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{self.page}{administration.pk}/remind/", follow=True)  # type: ignore[attr-defined]
        run_queued_tasks()
        return response

    def reminded(self) -> set[int]:
        return set(
            Notice.objects.filter(subject__startswith="Pengingat").values_list(
                "person_id", flat=True
            )
        )

    def test_an_identified_questionnaire_reminds_only_those_who_have_not_answered(self) -> None:
        administration = administer(self.version, batch=self.batch, identity="identified")
        response_submit(
            administration=administration,
            person=self.participant,
            sheet=AnswerSheet(values=[4, 4, 4, 4, 0]),
        )
        self.login(self.organiser)
        self.assertContains(self.client.get(self.page), "1 / 2")
        response = self.remind(administration)
        self.assertContains(response, "The reminder is being sent.")
        assert self.reminded() == {self.participant2.pk}
        notice = Notice.objects.get(person=self.participant2)
        assert notice.link == f"/q/{administration.pk}/"
        self.assertContains(self.client.get(self.page), "reminded 1 person")

    def test_an_anonymous_questionnaire_reminds_everyone_and_says_why(self) -> None:
        administration = administer(self.version, batch=self.batch, identity="anonymous")
        self.login(self.organiser)
        self.remind(administration)
        assert self.reminded() == {self.participant.pk, self.participant2.pk}
        text = Notice.objects.filter(person=self.participant).get().text
        assert "tidak seorang pun dapat melihat siapa yang sudah menjawab" in text

    def test_once_a_day_and_only_for_the_batchs_organisers(self) -> None:
        administration = administer(self.version, batch=self.batch, identity="identified")
        self.login(self.organiser)
        self.remind(administration)
        response = self.remind(administration)
        self.assertContains(response, "less than a day ago")
        assert Job.objects.filter(kind="instruments.remind").count() == 1
        url = f"{self.page}{administration.pk}/remind/"
        for person in (self.facilitator, self.participant, self.outsider):
            self.login(person)
            assert self.client.post(url).status_code == 404, person
        assert Job.objects.filter(kind="instruments.remind").count() == 1
