"""The organisers' pages: a batch's rounds, a programme's follow-up settings."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ..models import ERR_OFFSETS, Plan, Round
from ..scheduler import followup_run
from ..services import add_months
from .helpers import CLOSED, DUE_3, FollowupTestCase


class BatchPageTests(FollowupTestCase):
    def test_the_organiser_sees_each_round_with_counts(self) -> None:
        followup_run(DUE_3)
        self.login(self.organiser)
        page = self.client.get(reverse("followup_batch", args=[self.batch.code])).content.decode()
        for round_ in Round.objects.all():
            assert f'data-round="{round_.pk}" data-state="open"' in page

    def test_the_mentor_and_the_alumnus_get_404(self) -> None:
        for person in (self.mentor, self.participant, self.facilitator):
            self.login(person)
            url = reverse("followup_batch", args=[self.batch.code])
            assert self.client.get(url).status_code == 404


class PlanPageTests(FollowupTestCase):
    def url(self) -> str:
        return reverse("followup_plan", args=[self.batch.programme.code])

    def test_the_organiser_sets_the_months_and_the_scheduler_follows(self) -> None:
        self.login(self.organiser)
        data = {"offsets": "2, 4", "window_days": "14", "reminder_every_days": "3"}
        assert self.client.post(self.url(), data).status_code == 302
        plan = Plan.objects.get(programme=self.batch.programme)
        assert plan.months == [2, 4] and plan.window_days == 14
        assert followup_run(DUE_3).sent == 0  # +3 is no longer a round
        followup_run(add_months(CLOSED, 2))
        round_ = Round.objects.get(enrolment=self.enrolment)
        assert round_.offset_months == 2 and round_.reminder_every_days == 3
        assert (round_.closes_on - round_.opens_on).days == 14

    def test_bad_months_give_a_clear_error(self) -> None:
        self.login(self.organiser)
        for offsets in ("3,x", "0", "40", "", "1,2,3,4,5,6,7", "-3"):
            data = {"offsets": offsets, "window_days": "21", "reminder_every_days": "7"}
            response = self.client.post(self.url(), data)
            assert response.status_code == 200, offsets
            if offsets:
                with translation.override(settings.LANGUAGE_CODE):
                    assert response.context["form"].errors["offsets"] == [gettext(ERR_OFFSETS)]
        assert not Plan.objects.exists()

    def test_repeated_months_are_stored_once(self) -> None:
        self.login(self.organiser)
        data = {"offsets": "6, 3,3", "window_days": "21", "reminder_every_days": "7"}
        assert self.client.post(self.url(), data).status_code == 302
        assert Plan.objects.get().offsets == "3,6"

    def test_other_institutes_get_404(self) -> None:
        self.login(self.participant)
        assert self.client.get(self.url()).status_code == 404
