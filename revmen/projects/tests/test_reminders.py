"""Reminders: idempotent per (kind, milestone, recipient, due date); after missed days only the
latest goes out; escalation to the mentor when the alumnus is silent."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings

from revmen.core.models import Notice, OutboxMessage
from revmen.front.testing import TODAY
from revmen.projects import services
from revmen.projects.reminders import ESCALATION, OVERDUE, UPCOMING, projects_due

from .helpers import ProjectCase


@override_settings(PROJECTS_REMIND_DAYS=7, PROJECTS_ESCALATE_DAYS=14)
class ReminderTests(ProjectCase):
    def setUp(self) -> None:
        self.target = TODAY + timedelta(days=20)
        self.plan = self.make_plan(approve=True, target=self.target)
        self.milestone = self.plan.milestones.get()
        self.notices = Notice.objects.filter(person=self.participant).count()

    def test_running_twice_on_a_day_sends_nothing_twice(self) -> None:
        day = self.target - timedelta(days=7)
        sent = projects_due(day)
        assert [(d.kind, d.recipient, d.due_date) for d in sent] == [
            (UPCOMING, self.participant, day)
        ]
        assert projects_due(day) == []
        assert Notice.objects.filter(person=self.participant).count() == self.notices + 1
        mails = OutboxMessage.objects.filter(address=self.participant.email)
        assert mails.filter(subject__contains=self.milestone.title).count() == 1

    def test_after_missed_days_only_the_latest_reminder_goes_out(self) -> None:
        # Nothing ran from a week before the date; on the day before, one reminder, not two.
        sent = projects_due(self.target - timedelta(days=1))
        assert [(d.kind, d.due_date) for d in sent] == [(UPCOMING, self.target - timedelta(days=1))]
        # Five weeks of silence after the date: one overdue reminder and one escalation.
        sent = projects_due(self.target + timedelta(days=35))
        kinds = sorted((d.kind, d.due_date, d.recipient.pk) for d in sent)
        assert kinds == sorted(
            [
                (OVERDUE, self.target + timedelta(days=29), self.participant.pk),
                (ESCALATION, self.target + timedelta(days=28), self.mentor.pk),
            ]
        )
        assert projects_due(self.target + timedelta(days=35)) == []

    def test_nothing_before_the_first_occurrence_and_after_a_report(self) -> None:
        assert projects_due(self.target - timedelta(days=8)) == []
        services.report_add(milestone=self.milestone, actor=self.participant, text="Sudah.")
        assert projects_due(self.target + timedelta(days=40)) == []

    def test_a_stopped_project_is_not_reminded(self) -> None:
        services.plan_stop(plan=self.plan, actor=self.participant, reason="transfer")
        assert projects_due(self.target + timedelta(days=1)) == []

    def test_the_periodic_job_is_registered(self) -> None:
        from revmen.core.periodic import JOBS

        assert "projects.reminders" in JOBS


@override_settings(PROJECTS_REMIND_DAYS=1, PROJECTS_ESCALATE_DAYS=30)
class DailyReminderTests(ProjectCase):
    def test_after_five_missed_days_one_reminder_goes_out_not_five(self) -> None:
        target = TODAY + timedelta(days=3)
        plan = self.make_plan(approve=True, target=target)
        # Daily overdue reminders; the scheduler did not run for the first five days after.
        sent = projects_due(target + timedelta(days=6))
        assert [(d.kind, d.due_date) for d in sent] == [(OVERDUE, target + timedelta(days=6))]
        assert projects_due(target + timedelta(days=6)) == []
        # Back to daily runs: one a day.
        assert len(projects_due(target + timedelta(days=7))) == 1
        mails = OutboxMessage.objects.filter(address=self.participant.email)
        title = plan.milestones.get().title
        assert mails.filter(subject__contains=title).count() == 2

    def test_a_reported_milestone_stops_the_reminders(self) -> None:
        target = TODAY + timedelta(days=3)
        plan = self.make_plan(approve=True, target=target)
        services.report_add(milestone=plan.milestones.get(), actor=self.participant, text="Ok")
        assert projects_due(target + timedelta(days=2)) == []
