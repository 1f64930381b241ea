"""Group membership: organisers take participants out of a group or move them to another one."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from revmen.front.testing import BaseTestCase
from revmen.training import services
from revmen.training.models import Batch, Enrolment, Group
from revmen.training.services import ERR_GROUP_NOT_PARTICIPANT, ERR_GROUP_OTHER_BATCH


class GroupTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.member = Enrolment.objects.get(batch=self.batch, person=self.participant)
        self.member2 = Enrolment.objects.get(batch=self.batch, person=self.participant2)
        self.group_a = services.group_save(
            batch=self.batch, name="Kelompok A", members=[self.member, self.member2]
        )
        self.group_b = services.group_save(batch=self.batch, name="Kelompok B")

    def group_of(self, enrolment: Enrolment) -> Group | None:
        enrolment.refresh_from_db()
        return enrolment.group

    def other_batch(self) -> Batch:
        return Batch.objects.create(
            programme=self.batch.programme,
            code="PRM-T-II",
            name="Angkatan II",
            start_date=date(2027, 2, 1),
            end_date=date(2027, 4, 1),
        )

    def remove_url(self, group: Group) -> str:
        return f"/batches/PRM-T-I/staff/groups/{group.pk}/remove/"


class GroupMemberServiceTests(GroupTestCase):
    def test_it_takes_a_participant_out_of_a_group(self) -> None:
        enrolment = services.group_member_remove(group=self.group_a, enrolment=self.member)
        assert enrolment.group is None
        assert self.group_of(self.member) is None
        assert self.group_of(self.member2) == self.group_a

    def test_it_changes_nothing_when_done_twice_or_after_a_move(self) -> None:
        services.group_member_remove(group=self.group_a, enrolment=self.member)
        services.group_member_remove(group=self.group_a, enrolment=self.member)
        assert self.group_of(self.member) is None
        services.group_member_move(enrolment=self.member2, group=self.group_b)
        stale = Enrolment.objects.get(pk=self.member2.pk)
        stale.group = self.group_a  # what a page loaded before the move still shows
        enrolment = services.group_member_remove(group=self.group_a, enrolment=stale)
        assert enrolment.group == self.group_b
        assert self.group_of(self.member2) == self.group_b

    def test_it_moves_a_participant_to_another_group(self) -> None:
        services.group_member_move(enrolment=self.member, group=self.group_b)
        assert self.group_of(self.member) == self.group_b
        assert list(self.group_a.members.all()) == [self.member2]

    def test_it_refuses_a_group_of_another_batch(self) -> None:
        elsewhere = services.group_save(batch=self.other_batch(), name="Kelompok A")
        for action in [services.group_member_move, services.group_member_remove]:
            with pytest.raises(ValidationError) as caught:
                action(enrolment=self.member, group=elsewhere)
            assert caught.value.message_dict["group"] == [_(ERR_GROUP_OTHER_BATCH)]
        assert self.group_of(self.member) == self.group_a

    def test_it_puts_only_participants_in_groups(self) -> None:
        staff = Enrolment.objects.get(batch=self.batch, person=self.facilitator)
        with pytest.raises(ValidationError) as caught:
            services.group_member_move(enrolment=staff, group=self.group_b)
        assert caught.value.message_dict["participant"] == [_(ERR_GROUP_NOT_PARTICIPANT)]


class GroupMemberPageTests(GroupTestCase):
    def test_it_shows_each_member_with_a_button_to_take_them_out(self) -> None:
        self.login(self.organiser)
        page = self.client.get("/batches/PRM-T-I/staff/")
        self.assertContains(page, f'action="{self.remove_url(self.group_a)}"', count=2)
        self.assertContains(page, f'name="participant" value="{self.member.pk}"')
        self.assertContains(page, "Move a participant to another group")

    def test_it_lets_the_organiser_take_a_participant_out(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            self.remove_url(self.group_a), {"participant": self.member.pk}, follow=True
        )
        self.assertRedirects(response, "/batches/PRM-T-I/staff/")
        self.assertContains(response, "Ani Peserta is no longer in Kelompok A.")
        self.assertNotContains(response, f'name="participant" value="{self.member.pk}"')
        assert self.group_of(self.member) is None
        assert self.group_of(self.member2) == self.group_a

    def test_it_is_harmless_to_submit_twice(self) -> None:
        self.login(self.organiser)
        for _n in range(2):
            response = self.client.post(
                self.remove_url(self.group_a), {"participant": self.member.pk}
            )
            self.assertRedirects(response, "/batches/PRM-T-I/staff/")
        assert self.group_of(self.member) is None
        assert self.group_of(self.member2) == self.group_a

    def test_it_lets_the_organiser_move_a_participant(self) -> None:
        services.group_save(batch=self.batch, name="Kelompok B", coach=self.facilitator)
        self.login(self.organiser)
        data = {"participant": self.member.pk, "group": self.group_b.pk}
        for _n in range(2):  # twice: the same result
            response = self.client.post("/batches/PRM-T-I/staff/groups/move/", data)
            self.assertRedirects(response, "/batches/PRM-T-I/staff/")
        assert self.group_of(self.member) == self.group_b
        assert self.group_of(self.member2) == self.group_a
        self.group_b.refresh_from_db()
        assert self.group_b.coach == self.facilitator  # unlike saving the group again

    def test_it_refuses_to_move_into_a_group_of_another_batch(self) -> None:
        elsewhere = services.group_save(batch=self.other_batch(), name="Kelompok C")
        self.login(self.organiser)
        response = self.client.post(
            "/batches/PRM-T-I/staff/groups/move/",
            {"participant": self.member.pk, "group": elsewhere.pk},
        )
        self.assertContains(response, "Select a valid choice.")
        assert self.group_of(self.member) == self.group_a

    def test_it_gives_404_for_a_group_or_participant_of_another_batch(self) -> None:
        other = self.other_batch()
        elsewhere = services.group_save(batch=other, name="Kelompok C")
        stranger = Enrolment.objects.create(batch=other, person=self.outsider, role="peserta")
        self.login(self.organiser)
        response = self.client.post(self.remove_url(elsewhere), {"participant": self.member.pk})
        assert response.status_code == 404
        response = self.client.post(self.remove_url(self.group_a), {"participant": stranger.pk})
        assert response.status_code == 404
        assert self.group_of(self.member) == self.group_a

    def test_it_gives_404_to_everyone_but_the_organiser(self) -> None:
        for person in [self.outsider, self.participant, self.participant2, self.facilitator]:
            self.login(person)
            response = self.client.post(
                self.remove_url(self.group_a), {"participant": self.member.pk}
            )
            assert response.status_code == 404, person
            response = self.client.post(
                "/batches/PRM-T-I/staff/groups/move/",
                {"participant": self.member.pk, "group": self.group_b.pk},
            )
            assert response.status_code == 404, person
        assert self.group_of(self.member) == self.group_a

    def test_it_answers_only_post(self) -> None:
        self.login(self.organiser)
        assert self.client.get(self.remove_url(self.group_a)).status_code == 405
