"""The scheduler: rounds open at +3 months, every message once, one reminder after missed days."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from revmen.core.models import Notice, OutboxMessage

from ..models import Rater, RaterRole, Round, Sent
from ..scheduler import followup_run
from ..services import add_months, peer_add
from .helpers import DUE_3, FollowupTestCase


def run(day: object) -> str:
    out = StringIO()
    call_command("followup", "run", "--now", str(day), stdout=out)
    return out.getvalue().strip()


class SchedulerTests(FollowupTestCase):
    def test_it_opens_the_round_when_the_clock_passes_three_months(self) -> None:
        assert run(DUE_3 - timedelta(days=1)) == "sent 0"
        assert not Round.objects.exists()
        # Ani: herself and her mentor; Rudi (no mentor): himself.
        assert run(DUE_3) == "sent 3"
        round_ = self.round_of()
        roles = sorted(round_.raters.values_list("role", flat=True))
        assert roles == [RaterRole.MENTOR, RaterRole.SELF]
        assert Notice.objects.filter(person=self.mentor, link__contains="?about=").count() == 1

    def test_it_sends_nothing_twice_on_the_same_day(self) -> None:
        assert run(DUE_3) == "sent 3"
        assert run(DUE_3) == "sent 0"
        assert followup_run(DUE_3).sent == 0
        assert Notice.objects.count() == 3
        assert Sent.objects.count() == 3

    def test_after_five_missed_days_one_reminder_goes_out_not_five(self) -> None:
        self.set_plan(reminder_every_days=1)
        run(DUE_3)
        before = Notice.objects.filter(person=self.mentor).count()
        # Days +1 … +5 missed; day +6: Ani, her mentor, Rudi, and both asked to choose peers.
        assert run(DUE_3 + timedelta(days=6)) == "sent 5"
        assert Notice.objects.filter(person=self.mentor).count() == before + 1
        assert run(DUE_3 + timedelta(days=6)) == "sent 0"
        assert run(DUE_3 + timedelta(days=7)) == "sent 5"

    def test_a_peer_without_an_account_gets_the_e_mail_with_a_token_link(self) -> None:
        run(DUE_3)
        peer_add(round_=self.round_of(), by=self.participant, name="Dewi", email="dewi@x.id")
        assert run(DUE_3 + timedelta(days=1)) == "sent 1"
        message = OutboxMessage.objects.get(address="dewi@x.id")
        assert "/followup/peer/" in message.text and message.person is None
        assert Rater.objects.get(email="dewi@x.id").token_hash

    def test_the_six_month_round_takes_the_same_peers(self) -> None:
        run(DUE_3)
        peer_add(round_=self.round_of(), by=self.participant, name="Dewi", email="dewi@x.id")
        run(DUE_3 + timedelta(days=30))
        run(add_months(DUE_3, 3))
        six = self.round_of(months=6)
        assert list(six.raters.filter(role=RaterRole.PEER).values_list("email", flat=True)) == [
            "dewi@x.id"
        ]

    def test_a_round_whose_whole_window_passed_unseen_is_not_opened_late(self) -> None:
        assert run(DUE_3 + timedelta(days=30)) == "sent 0"
        assert not Round.objects.exists()

    def test_a_bad_date_is_a_clear_error(self) -> None:
        with self.assertRaises(CommandError):
            run("10-04-2026")


class BulkSendingTests(FollowupTestCase):
    def test_the_number_of_queries_does_not_grow_with_the_rounds(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from revmen.followup.scheduler import open_due_rounds, send_rounds

        open_due_rounds(DUE_3)
        rounds = list(Round.objects.select_related("enrolment__person", "administration"))
        assert len(rounds) == 2
        with CaptureQueriesContext(connection) as one:
            assert send_rounds(rounds[:1], DUE_3) == 2  # Ani and her mentor
        with CaptureQueriesContext(connection) as both:
            assert send_rounds(rounds, DUE_3) == 1  # Rudi; Ani's two went out already
        assert len(both.captured_queries) == len(one.captured_queries) <= 12

    def test_a_message_another_run_sent_meanwhile_is_not_sent_again(self) -> None:
        from revmen.followup.scheduler import INVITE, Message, _deliver_all

        assert run(DUE_3) == "sent 3"
        rater = Rater.objects.select_related("round__enrolment__person").get(role=RaterRole.MENTOR)
        peer = peer_add(round_=rater.round, by=self.participant, name="Dewi", email="d@x.id")
        # Read before the other run wrote its key: the bulk write fails, one by one instead.
        stale = [Message(INVITE, rater, rater.round.opens_on), Message(INVITE, peer, DUE_3)]
        assert _deliver_all(stale, DUE_3) == 1
        assert Notice.objects.filter(person=self.mentor).count() == 1
        assert OutboxMessage.objects.filter(address="d@x.id").count() == 1


class PeriodicTests(FollowupTestCase):
    def test_the_worker_runs_it_daily_as_of_today_in_jakarta(self) -> None:
        from revmen.core.periodic import JOBS

        job = JOBS["followup.run"]
        assert job.every == timedelta(days=1)
        # The helpers' batch closed 95 days ago: the +3 round is due today.
        assert job.run() == 3
        assert Round.objects.count() == 2
        assert job.run() == 0
