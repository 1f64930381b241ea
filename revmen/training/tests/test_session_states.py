"""Session states and the check-in window, roll calls, and at-risk judged against the curriculum."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.core.models import AuditEntry
from revmen.training import sessions
from revmen.training.models import Agenda, Attendance, AttendanceCorrection, Subject
from revmen.training.selectors import attendance_grid, session_roster, timetable
from revmen.training.sessions import (
    ERR_CHECKIN_OVER,
    ERR_NOT_PARTICIPANT,
    ERR_ROLL_CALL_NOT_YET,
)

from .test_sessions import SessionTestCase


class CheckinWindowTests(SessionTestCase):
    def test_the_states_follow_the_batchs_lead_time(self) -> None:
        session = self.running(started=-60, left=180)  # starts in an hour
        now = timezone.now()
        assert session.state(now) == "upcoming"
        assert session.state(session.starts_at - timedelta(minutes=30)) == "checkin"
        assert session.state(session.starts_at - timedelta(minutes=31)) == "upcoming"
        assert session.state(session.ends_at - timedelta(seconds=1)) == "checkin"
        assert session.state(session.ends_at) == "held"
        self.batch.checkin_lead_minutes = 90
        self.batch.save(update_fields=["checkin_lead_minutes"])
        session.refresh_from_db()
        assert session.state(now) == "checkin"

    def test_check_in_cannot_be_opened_hours_before_the_start(self) -> None:
        session = self.running(started=-12 * 60, left=14 * 60)
        with pytest.raises(ValidationError) as caught:
            sessions.checkin_open(session=session)
        [message] = caught.value.message_dict["code"]
        assert "30 minutes before it starts" in message
        session.refresh_from_db()
        assert not session.checkin_code

    def test_check_in_opens_thirty_minutes_early_and_closes_at_the_end(self) -> None:
        session = self.running(started=-20, left=100)  # starts in 20 minutes
        sessions.checkin_open(session=session)
        assert session.checkin_closes_at == session.ends_at
        assert session.checkin_is_open()
        sessions.checkin_submit(session=session, person=self.participant, code=session.checkin_code)
        assert Attendance.objects.get().status == "present"

    def test_an_ended_session_cannot_open_check_in(self) -> None:
        session = self.session(days=-1)
        with pytest.raises(ValidationError) as caught:
            sessions.checkin_open(session=session)
        assert caught.value.message_dict["code"] == [_(ERR_CHECKIN_OVER)]

    def test_nobody_is_absent_before_a_session_has_ended(self) -> None:
        upcoming = self.session(days=2)
        current = self.running()
        for session in (upcoming, current):
            assert {status for _e, status in session_roster(session)} == {""}
        rows, _summary = timetable(self.batch, self.participant)
        assert [status for _s, status in rows] == ["", ""]
        grid = attendance_grid(self.batch)
        assert {cell for row in grid.rows for cell in row.cells} == {""}
        held = self.session(days=-1)
        assert {status for _e, status in session_roster(held)} == {"absent"}

    def test_the_session_page_says_when_check_in_opens(self) -> None:
        session = self.session(days=2)
        self.login(self.facilitator)
        page = self.client.get(f"/batches/PRM-T-I/sessions/{session.pk}/")
        self.assertContains(page, 'data-state="upcoming"')
        self.assertContains(page, "(30 minutes before the start)")
        self.assertNotContains(page, 'id="roll-call"')
        response = self.client.post(
            f"/batches/PRM-T-I/sessions/{session.pk}/checkin-code/", follow=True
        )
        self.assertContains(response, "30 minutes before it starts")
        session.refresh_from_db()
        assert not session.checkin_code

    def test_the_open_check_in_comes_first_on_the_participants_timetable(self) -> None:
        self.session(days=-1)
        session = sessions.checkin_open(session=self.running(title="Integritas"))
        self.login(self.participant)
        html = self.client.get("/batches/PRM-T-I/timetable/").content.decode()
        assert html.index('class="checkin"') < html.index("<table")
        assert f'href="#checkin-{session.pk}"' in html


class RollCallTests(SessionTestCase):
    def test_everyone_present_then_the_exceptions_with_one_trail_entry_each(self) -> None:
        session = self.session(days=-1)
        Attendance.objects.create(session=session, person=self.participant, status="present")
        changed = sessions.attendance_roll_call(
            session=session,
            marks={self.participant.pk: "present", self.participant2.pk: "excused"},
            by=self.facilitator,
        )
        assert [(c.person_id, c.old_status, c.new_status) for c in changed] == [
            (self.participant2.pk, "absent", "excused")
        ]
        assert changed[0].reason == "Roll call"
        events = AuditEntry.objects.filter(action="training.attendance.correct")
        assert events.count() == 1

    def test_a_roll_call_before_the_start_or_for_strangers_is_refused_whole(self) -> None:
        upcoming = self.session(days=1)
        with pytest.raises(ValidationError) as caught:
            sessions.attendance_roll_call(
                session=upcoming, marks={self.participant.pk: "present"}, by=self.facilitator
            )
        assert caught.value.messages == [_(ERR_ROLL_CALL_NOT_YET)]
        held = self.session(days=-1)
        with pytest.raises(ValidationError) as caught:
            sessions.attendance_roll_call(
                session=held,
                marks={self.participant.pk: "present", self.mentor.pk: "present"},
                by=self.facilitator,
            )
        assert caught.value.messages == [_(ERR_NOT_PARTICIPANT)]
        assert not Attendance.objects.exists() and not AttendanceCorrection.objects.exists()

    def test_the_facilitator_takes_the_roll_call_on_the_session_page(self) -> None:
        session = self.session(days=-1)
        url = f"/batches/PRM-T-I/sessions/{session.pk}/"
        self.login(self.facilitator)
        page = self.client.get(url)
        self.assertContains(page, 'id="roll-call"')
        # The form starts with everyone present.
        self.assertContains(page, '<option value="present" selected>', count=2)
        response = self.client.post(
            f"{url}roll-call/",
            {f"p{self.participant.pk}": "present", f"p{self.participant2.pk}": "absent"},
            follow=True,
        )
        self.assertContains(response, "Roll call saved: 1 change.")
        assert dict(Attendance.objects.values_list("person_id", "status")) == {
            self.participant.pk: "present"
        }
        for person in [self.participant, self.mentor, self.outsider]:
            self.login(person)
            assert self.client.post(f"{url}roll-call/", {}).status_code == 404, person


class PlannedJpTests(SessionTestCase):
    def test_one_absence_early_on_is_judged_against_the_whole_curriculum(self) -> None:
        agenda = Agenda.objects.create(programme=self.batch.programme, name="Revolusi Mental")
        Subject.objects.create(agenda=agenda, name="Integritas", jp=20)
        Subject.objects.create(agenda=agenda, name="Etos kerja", jp=20)
        self.session(days=-1, jp=4)
        self.session(days=1, jp=4)
        _rows, summary = timetable(self.batch, self.participant)
        assert summary.total_jp == 40
        # 36 of 40 JP are still reachable: a warning, not "out of reach" as with 4 of 8 JP.
        assert summary.status == "warning"
        grid = attendance_grid(self.batch)
        assert {row.summary.status for row in grid.rows} == {"warning"}
        self.login(self.participant)
        page = self.client.get("/batches/PRM-T-I/timetable/")
        self.assertContains(page, "The curriculum plans 40 JP in all.")
        self.assertContains(page, 'data-attendance="warning"')
