"""Raters are told when rubrics open; a mentor without an account scores from a signed link."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from revmen.core.models import Notice, OutboxMessage
from revmen.grading import links, services
from revmen.grading.models import Rubric
from revmen.instruments.models import Response
from revmen.training.models import EvaluationComponent

from .test_services import GradingCase

EMAIL = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DEFAULT_FROM_EMAIL": "revmen@bpsdm.example",
    "SITE_URL": "https://revmen.example",
}


@override_settings(**EMAIL)
class MentorLinkCase(GradingCase):
    """The mentor (no usable password: they never signed in) rates their mentee on the
    programme's mentor component; the rubrics are opened again with it."""

    def setUp(self) -> None:
        super().setUp()
        self.mentor.set_unusable_password()
        self.mentor.save()
        self.batch.enrolments.filter(person=self.participant).update(mentor=self.mentor)
        self.component = EvaluationComponent.objects.create(
            programme=self.batch.programme, position=9, name="Penilaian mentor", weight=Decimal(5)
        )
        services.source_set(component=self.component, source="mentor")
        Notice.objects.all().delete()
        OutboxMessage.objects.all().delete()
        services.rubrics_open(batch=self.batch, by=self.organiser)
        self.rubric = Rubric.objects.get(batch=self.batch, component=self.component)

    def mentor_link(self) -> str:
        notice = Notice.objects.get(person=self.mentor)
        return notice.link


class MentorLinkTests(MentorLinkCase):
    """The mentor scores their mentee from the e-mailed link, and nothing else."""

    def test_the_mentor_is_told_once_with_a_signed_link_and_others_only_when_newly_asked(
        self,
    ) -> None:
        link = self.mentor_link()
        assert link.startswith("/grading/link/")
        mail = OutboxMessage.objects.get(address=self.mentor.email)
        assert "https://revmen.example/grading/link/" in mail.text
        assert self.participant.name in mail.text
        # The facilitators were invited before (setUpTestData): nothing new for them now.
        assert not Notice.objects.filter(person=self.facilitator).exists()
        # Opening again asks nobody new: no second notice.
        services.rubrics_open(batch=self.batch, by=self.organiser)
        assert Notice.objects.filter(person=self.mentor).count() == 1

    def test_a_rater_with_an_account_is_sent_to_the_scoring_list(self) -> None:
        Rubric.objects.filter(batch=self.batch).delete()
        Notice.objects.all().delete()
        services.rubrics_open(batch=self.batch, by=self.organiser)
        lists = reverse("grading_rate_list", args=[self.batch.code])
        assert Notice.objects.get(person=self.facilitator, link=lists)
        assert Notice.objects.get(person=self.examiner, link=lists)
        assert Notice.objects.get(person=self.mentor).link.startswith("/grading/link/")

    def test_the_mentor_scores_from_the_link_once(self) -> None:
        link = self.mentor_link()
        page = self.client.get(link)
        assert page.status_code == 200
        assert page["Cache-Control"] == "no-store"
        assert b'data-done="0"' in page.content
        assert self.participant.name.encode() in page.content
        assert self.participant2.name.encode() not in page.content  # not their mentee
        rate_url = link + f"{self.participant.pk}/"
        assert self.client.get(rate_url).status_code == 200
        items = list(self.rubric.administration.version.items.all())
        data = {i.code: "3" if i.points else "Memimpin rapat mingguan" for i in items}
        assert self.client.post(rate_url, data).status_code == 302
        assert self.client.post(rate_url, data).status_code == 302  # a double submit
        stored = Response.objects.filter(administration=self.rubric.administration)
        assert stored.count() == 1
        assert (stored[0].respondent_id, stored[0].subject_id) == (
            self.mentor.pk,
            self.participant.pk,
        )
        assert b'data-done="1"' in self.client.get(link).content
        # The score counts in the grade.
        services.grades_compute(batch=self.batch)
        grade = self.grade_of(self.participant)
        assert grade.scores[str(self.component.pk)] == "66.67"

    def test_a_link_opens_nothing_else(self) -> None:
        link = self.mentor_link()
        token = link.split("/")[3]
        other = reverse("grading_link_rate", args=[token, self.participant2.pk])
        assert self.client.get(other).status_code == 404  # not the mentee
        altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        assert self.client.get(reverse("grading_link", args=[altered])).status_code == 404
        # A payload signed for another purpose (the projects' plan link salt) does not open it.
        foreign = signing.dumps(
            {"r": self.rubric.pk, "p": self.mentor.pk, "e": "0" * 16},
            salt="revmen.projects.plan-review",
            compress=True,
        )
        assert self.client.get(reverse("grading_link", args=[foreign])).status_code == 404
        assert self.client.get(reverse("grading_link", args=["x" * 5000])).status_code == 404

    def test_a_changed_address_or_a_closed_rubric_closes_the_link(self) -> None:
        link = self.mentor_link()
        self.mentor.email = "baru@polri.example"
        self.mentor.save()
        assert self.client.get(link).status_code == 404
        self.mentor.email = "mentor@polri.example"
        self.mentor.save()
        assert self.client.get(link).status_code == 200
        administration = self.rubric.administration
        administration.opens_at = timezone.now() - timedelta(days=2)
        administration.closes_at = timezone.now() - timedelta(minutes=1)
        administration.save()
        page = self.client.get(link)
        assert page.status_code == 404 and b'id="link-invalid"' in page.content

    def test_the_link_payload_names_no_participant(self) -> None:
        token = self.mentor_link().split("/")[3]
        payload = links.open_rating_link(token)
        assert payload.rater == self.mentor
        raw = signing.loads(token, salt=links.SALT)
        assert set(raw) == {"r", "p", "e"}
        # The address is bound by a digest: no e-mail address in the URL (nor in web logs).
        assert "polri" not in token and "mentor" not in str(raw)


class RaterReminderTests(MentorLinkCase):
    def test_the_organiser_reminds_only_those_who_have_not_scored_once_a_day(self) -> None:
        from django.core.exceptions import ValidationError

        from revmen.grading.models import BatchGrading
        from revmen.grading.testing import rate

        # Dewi has scored both participants on the attitude rubric; the first facilitator not.
        rate(self.batch, self.c["sikap"], self.facilitator2, self.participant, 3)
        rate(self.batch, self.c["sikap"], self.facilitator2, self.participant2, 3)
        Notice.objects.all().delete()
        self.login(self.organiser)
        url = reverse("grading_step", args=[self.batch.code])
        assert self.client.post(url, {"step": "remind"}).status_code == 302
        assert not Notice.objects.filter(person=self.facilitator2).exists()
        first = Notice.objects.get(person=self.facilitator)
        assert self.participant.name in first.text and self.participant2.name in first.text
        assert Notice.objects.get(person=self.mentor).link.startswith("/grading/link/")
        assert Notice.objects.filter(person=self.examiner).count() == 1  # the presentation
        assert BatchGrading.objects.get(batch=self.batch).raters_reminded_at is not None
        board = self.client.get(reverse("grading_board", args=[self.batch.code]))
        assert b'id="reminded"' in board.content
        # A second reminder the same day is refused with a clear message, nobody told twice.
        count = Notice.objects.count()
        page = self.client.post(url, {"step": "remind"}, follow=True)
        assert page.status_code == 200 and Notice.objects.count() == count
        with self.assertRaises(ValidationError):
            services.raters_remind(batch=self.batch, by=self.organiser)

    def test_nobody_to_remind_is_a_clear_error(self) -> None:
        from django.core.exceptions import ValidationError

        from revmen.instruments.models import Invitation

        Invitation.objects.filter(administration__rubric__batch=self.batch).delete()
        with self.assertRaises(ValidationError):
            services.raters_remind(batch=self.batch, by=self.organiser)
