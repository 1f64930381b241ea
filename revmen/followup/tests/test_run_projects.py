"""``revmen followup run`` sends the change projects' milestone reminders too, once per key."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings

from revmen.core.models import OutboxMessage
from revmen.front.testing import TODAY
from revmen.projects.tests.helpers import ProjectCase


@override_settings(PROJECTS_REMIND_DAYS=7, PROJECTS_ESCALATE_DAYS=14)
class FollowupRunSendsMilestoneRemindersTests(ProjectCase):
    def run_on(self, day) -> str:  # type: ignore[no-untyped-def]
        out = io.StringIO()
        call_command("followup", "run", "--now", day.isoformat(), stdout=out)
        return out.getvalue().strip()

    def test_a_milestone_due_is_reminded_by_the_run_and_only_once(self) -> None:
        target = TODAY + timedelta(days=20)
        plan = self.make_plan(approve=True, target=target)
        title = plan.milestones.get().title
        day = target - timedelta(days=7)
        assert self.run_on(day) == "sent 1"
        assert self.run_on(day) == "sent 0"
        mails = OutboxMessage.objects.filter(address=self.participant.email)
        assert mails.filter(subject__contains=title).count() == 1

    def test_nothing_due_sends_nothing(self) -> None:
        self.make_plan(approve=True, target=TODAY + timedelta(days=60))
        assert self.run_on(TODAY) == "sent 0"
