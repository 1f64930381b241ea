"""The mentor's signed e-mail links: valid, another plan, expired, reused, after a new version."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from revmen.core.models import OutboxMessage
from revmen.projects import links, services
from revmen.projects.models import MilestoneState, PlanState, PlanVersion, Step, StepKind
from revmen.training.models import Enrolment

from .helpers import ProjectCase


class PlanLinkTests(ProjectCase):
    def test_it_approves_from_a_valid_link_and_freezes_a_version(self) -> None:
        plan = self.make_plan(submit=True)
        token = links.plan_token(plan)
        plan = services.plan_review_by_link(token=token, decision=services.APPROVE)
        assert plan.state == PlanState.APPROVED and plan.approved_version == 1
        assert PlanVersion.objects.get(plan=plan).data["title"] == plan.title
        step = Step.objects.get(plan=plan, kind=StepKind.APPROVED)
        assert step.via_link and step.actor == self.mentor and step.at is not None

    def test_the_submission_mails_the_mentor_the_link(self) -> None:
        plan = self.make_plan(submit=True)
        message = OutboxMessage.objects.get(address=self.mentor.email)
        assert links.plan_link(plan) in message.text

    def test_a_link_is_single_use(self) -> None:
        plan = self.make_plan(submit=True)
        token = links.plan_token(plan)
        services.plan_review_by_link(token=token, decision=services.RETURN, comment="Tambah data.")
        plan.refresh_from_db()
        assert plan.state == PlanState.RETURNED
        with pytest.raises(links.LinkInvalid):
            services.plan_review_by_link(token=token, decision=services.APPROVE)

    def test_a_link_for_another_plan_does_not_open_this_one(self) -> None:
        plan = self.make_plan(submit=True)
        other = Enrolment.objects.get(batch=self.batch, person=self.participant2)
        other.mentor = self.mentor
        other.save()
        from .helpers import PLAN_DATA

        second = services.plan_create(
            enrolment=other, actor=self.participant2, data=dict(PLAN_DATA)
        )
        # The payload of the first plan's link with the second plan's id: the signature breaks.
        token = links.plan_token(plan)
        forged = signing.dumps(
            {**signing.loads(token, salt=links.PLAN_SALT), "p": second.pk}, salt="another-salt"
        )
        with pytest.raises(links.LinkInvalid):
            links.open_plan_link(forged)
        # A milestone link is not a plan link (salt per purpose).
        milestone_token = signing.dumps(
            {"p": plan.pk, "v": 1, "e": self.mentor.email}, salt=links.MILESTONE_SALT
        )
        with pytest.raises(links.LinkInvalid):
            links.open_plan_link(milestone_token)
        assert links.open_plan_link(token).plan == plan

    def test_an_expired_link_does_not_work(self) -> None:
        plan = self.make_plan(submit=True)
        token = links.plan_token(plan)
        later = timezone.now() + timedelta(days=15)
        with (
            override_settings(PROJECTS_LINK_DAYS=14),
            mock.patch("time.time", return_value=later.timestamp()),
            pytest.raises(links.LinkInvalid),
        ):
            links.open_plan_link(token)
        assert links.open_plan_link(token).plan == plan

    def test_a_new_version_closes_the_old_link(self) -> None:
        plan = self.make_plan(submit=True)
        old = links.plan_token(plan)
        services.plan_review(plan=plan, actor=self.mentor, decision=services.RETURN, comment="x")
        plan = services.plan_submit(plan=plan, actor=self.participant)
        assert plan.version == 2
        with pytest.raises(links.LinkInvalid):
            links.open_plan_link(old)
        assert links.open_plan_link(links.plan_token(plan)).plan == plan
        kinds = list(Step.objects.filter(plan=plan).values_list("kind", flat=True))
        assert kinds == ["created", "submitted", "returned", "resubmitted"]

    def test_returning_needs_a_comment(self) -> None:
        plan = self.make_plan(submit=True)
        with pytest.raises(ValidationError):
            services.plan_review_by_link(token=links.plan_token(plan), decision=services.RETURN)
        assert not links.is_spent(links.plan_token(plan))

    def test_a_tampered_token_does_not_work(self) -> None:
        plan = self.make_plan(submit=True)
        token = links.plan_token(plan)
        with pytest.raises(links.LinkInvalid):
            links.open_plan_link(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])


class MilestoneLinkTests(ProjectCase):
    def test_the_mentor_returns_then_confirms_from_links(self) -> None:
        plan = self.make_plan(approve=True)
        milestone = plan.milestones.get()
        report = services.report_add(
            milestone=milestone, actor=self.participant, text="SOP disusun."
        )
        first = links.milestone_token(milestone, report.pk)
        services.milestone_review_by_link(token=first, decision=services.RETURN, comment="Foto?")
        milestone.refresh_from_db()
        assert milestone.state == MilestoneState.RETURNED
        with pytest.raises(links.LinkInvalid):
            links.open_milestone_link(first)
        again = services.report_add(
            milestone=milestone, actor=self.participant, text="Dengan foto."
        )
        with pytest.raises(links.LinkInvalid):  # the link names the report it was sent for
            links.open_milestone_link(links.milestone_token(milestone, report.pk))
        services.milestone_review_by_link(
            token=links.milestone_token(milestone, again.pk), decision=services.APPROVE
        )
        milestone.refresh_from_db()
        assert milestone.state == MilestoneState.CONFIRMED and milestone.confirmed_at


class MilestoneLinkLimitsTests(ProjectCase):
    def test_an_expired_or_handed_over_milestone_link_does_not_work(self) -> None:
        plan = self.make_plan(approve=True)
        milestone = plan.milestones.get()
        report = services.report_add(milestone=milestone, actor=self.participant, text="Selesai")
        token = links.milestone_token(milestone, report.pk)
        later = timezone.now() + timedelta(days=15)
        with (
            override_settings(PROJECTS_LINK_DAYS=14),
            mock.patch("time.time", return_value=later.timestamp()),
            pytest.raises(links.LinkInvalid),
        ):
            services.milestone_review_by_link(token=token, decision=services.APPROVE)
        with pytest.raises(links.LinkInvalid):  # a plan link is not a milestone link
            links.open_plan_link(token)
        new_mentor = self.make_person("Mentor Baru", "197901012003121001", self.agency_a)
        services.plan_transfer(
            plan=plan, actor=self.organiser, to=services.Handover(mentor=new_mentor)
        )
        with pytest.raises(links.LinkInvalid):  # the old mentor's link closed with the handover
            services.milestone_review_by_link(token=token, decision=services.APPROVE)
        milestone.refresh_from_db()
        assert milestone.state == MilestoneState.REPORTED


class CommentTests(ProjectCase):
    def test_the_coach_comments_and_the_owner_is_told(self) -> None:
        from django.urls import reverse

        from revmen.core.models import Notice

        plan = self.make_plan(approve=True)
        milestone = plan.milestones.get()
        self.login(self.coach)
        url = reverse("project_comment", args=[plan.pk])
        self.client.post(url, {"text": "Libatkan petugas loket.", "milestone": milestone.pk})
        step = Step.objects.get(plan=plan, kind=StepKind.COMMENT)
        assert step.actor == self.coach and step.milestone == milestone and step.at
        assert Notice.objects.filter(person=self.participant, link=f"/projects/{plan.pk}/").exists()
        self.login(self.participant2)  # may not see it: 404, nothing written
        assert self.client.post(url, {"text": "x"}).status_code == 404
        self.login(self.facilitator)  # sees it, may not comment
        assert self.client.post(url, {"text": "x"}).status_code == 404
        assert Step.objects.filter(plan=plan, kind=StepKind.COMMENT).count() == 1
