"""Sessions, timetable and .ics, check-in, corrections with an audit trail, the attendance grid."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.training import sessions
from revmen.training.models import Attendance, BatchRole, Enrolment, Session
from revmen.training.selectors import attendance_grid
from revmen.training.sessions import (
    ERR_CHECKIN_CLOSED,
    ERR_CHECKIN_CODE,
    ERR_OUTSIDE_BATCH,
    ERR_REASON,
)

from .helpers import nip


class SessionTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        # Sessions are scheduled around the real today and must fall within the batch's dates.
        today = timezone.localdate()
        self.move_batch(today - timedelta(days=7), today + timedelta(days=56))

    def move_batch(self, start: date, end: date) -> None:
        self.batch.start_date, self.batch.end_date = start, end
        self.batch.save(update_fields=["start_date", "end_date"])

    def session(self, days: int = 0, jp: int = 4, **kwargs: object) -> Session:
        day = timezone.localdate() + timedelta(days=days)
        fields: dict[str, object] = {
            "batch": self.batch,
            "title": f"Sesi {days}",
            "day": day,
            "starts": time(8, 0),
            "ends": time(11, 0),
            "zone": "Asia/Makassar",
            "jp": jp,
            "room": "Ruang Kelas 1",
            "facilitator": self.facilitator,
        }
        fields.update(kwargs)
        return sessions.session_create(**fields)  # type: ignore[arg-type]

    def running(self, *, started: int = 10, left: int = 120, **kwargs: object) -> Session:
        """A session that started ``started`` minutes ago and ends in ``left`` minutes."""
        session = self.session(**kwargs)
        now = timezone.now()
        session.starts_at = now - timedelta(minutes=started)
        session.ends_at = now + timedelta(minutes=left)
        session.save(update_fields=["starts_at", "ends_at"])
        return session


class SessionServiceTests(SessionTestCase):
    def test_times_are_entered_in_wib_wita_or_wit(self) -> None:
        session = self.session(days=3)
        local = session.starts_at.astimezone(timezone.get_fixed_timezone(8 * 60))
        assert (local.hour, local.minute) == (8, 0)
        assert session.starts_at.utcoffset() is not None

    def test_a_session_needs_a_place_and_an_order(self) -> None:
        with pytest.raises(ValidationError):
            self.session(room="", meeting_url="")
        with pytest.raises(ValidationError):
            self.session(starts=time(11), ends=time(10))

    def test_the_facilitator_must_be_one_of_the_batch(self) -> None:
        with pytest.raises(ValidationError):
            self.session(facilitator=self.outsider)

    def test_a_session_outside_the_batch_dates_is_refused_and_not_saved(self) -> None:
        self.move_batch(date(2027, 3, 1), date(2027, 3, 31))
        for day in [date(2027, 2, 28), date(2027, 4, 1)]:
            with pytest.raises(ValidationError) as caught:
                self.session(day=day)
            assert caught.value.message_dict == {
                "day": [_(ERR_OUTSIDE_BATCH).format(start="1 March 2027", end="31 March 2027")]
            }
        assert not Session.objects.exists()

    def test_the_refusal_names_the_dates_in_indonesian(self) -> None:
        self.move_batch(date(2027, 3, 1), date(2027, 3, 31))
        with translation.override("id"), pytest.raises(ValidationError) as caught:
            self.session(day=date(2027, 4, 1))
        assert caught.value.messages == [
            "Sesi harus berlangsung dalam rentang tanggal angkatan: "
            "1 Maret 2027 s.d. 31 Maret 2027."
        ]

    def test_the_first_and_last_day_of_the_batch_are_accepted(self) -> None:
        self.move_batch(date(2027, 3, 1), date(2027, 3, 31))
        # 06.00 WIT on the first day is still the last day of February in UTC: the day counts
        # in the zone the session is scheduled in.
        first = self.session(
            day=date(2027, 3, 1), starts=time(6), ends=time(8), zone="Asia/Jayapura"
        )
        assert first.starts_at.astimezone(timezone.get_fixed_timezone(0)).date() == date(
            2027, 2, 28
        )
        self.session(day=date(2027, 3, 31), starts=time(20), ends=time(22))
        assert Session.objects.count() == 2

    def test_a_participant_checks_in_during_the_window_with_the_code(self) -> None:
        session = sessions.checkin_open(session=self.running())
        with pytest.raises(ValidationError) as caught:
            sessions.checkin_submit(session=session, person=self.participant, code="x")
        assert caught.value.message_dict["code"] == [_(ERR_CHECKIN_CODE)]
        attendance = sessions.checkin_submit(
            session=session, person=self.participant, code=f" {session.checkin_code} "
        )
        assert attendance.status == "present" and attendance.checked_in_at is not None
        sessions.checkin_submit(session=session, person=self.participant, code=session.checkin_code)
        assert Attendance.objects.count() == 1

    def test_check_in_after_the_window_is_refused(self) -> None:
        session = sessions.checkin_open(session=self.running())
        assert session.checkin_closes_at == session.ends_at
        later = session.ends_at
        with pytest.raises(ValidationError) as caught:
            sessions.checkin_submit(
                session=session, person=self.participant, code=session.checkin_code, now=later
            )
        assert caught.value.message_dict["code"] == [_(ERR_CHECKIN_CLOSED)]

    def test_only_participants_check_in(self) -> None:
        session = sessions.checkin_open(session=self.running())
        with pytest.raises(ValidationError):
            sessions.checkin_submit(session=session, person=self.mentor, code=session.checkin_code)

    def test_corrections_need_a_reason_and_are_kept(self) -> None:
        session = self.session(days=-1)
        with pytest.raises(ValidationError) as caught:
            sessions.attendance_correct(
                session=session,
                person=self.participant,
                status="present",
                reason=" ",
                by=self.facilitator,
            )
        assert caught.value.message_dict["reason"] == [_(ERR_REASON)]
        sessions.attendance_correct(
            session=session,
            person=self.participant,
            status="present",
            reason="Signal lost during check-in",
            by=self.facilitator,
        )
        sessions.attendance_correct(
            session=session,
            person=self.participant,
            status="excused",
            reason="Sakit",
            by=self.facilitator,
        )
        assert Attendance.objects.get().status == "excused"
        assert [(c.old_status, c.new_status, c.reason) for c in session.corrections.all()] == [
            ("present", "excused", "Sakit"),
            ("absent", "present", "Signal lost during check-in"),
        ]


class AttendanceGridTests(SessionTestCase):
    def test_attendance_by_jp_and_who_is_at_risk(self) -> None:
        self.batch.programme.min_attendance = 75
        self.batch.programme.save()
        held = [self.session(days=-2, jp=4), self.session(days=-1, jp=4)]
        self.session(days=2, jp=4)
        self.session(days=3, jp=4)
        for session in held:
            Attendance.objects.create(session=session, person=self.participant)
        Attendance.objects.create(session=held[0], person=self.participant2)
        grid = attendance_grid(self.batch)
        by_name = {row.enrolment.person.name: row for row in grid.rows}
        assert by_name["Ani Peserta"].summary.percent == 100
        assert by_name["Ani Peserta"].cells == ["present", "present", "", ""]
        assert by_name["Rudi Peserta"].summary.percent == 50
        assert by_name["Rudi Peserta"].cells == ["present", "absent", "", ""]
        assert [row.enrolment.person.name for row in grid.at_risk] == ["Rudi Peserta"]

    def test_the_grid_takes_a_constant_number_of_queries(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as context:
                self.client.get("/batches/PRM-T-I/")
            return len(context.captured_queries)

        self.login(self.organiser)
        self.session(days=-1)
        small = count()
        for n in range(38):
            person = Person.objects.create(
                username=nip(n), nip=nip(n), name=f"Peserta {n}", agency=self.agency_a
            )
            Enrolment.objects.create(batch=self.batch, person=person, role=BatchRole.PARTICIPANT)
        for n in range(39):
            session = self.session(days=-1 - n % 5)
            Attendance.objects.bulk_create(
                Attendance(session=session, person=e.person)
                for e in self.batch.enrolments.filter(role=BatchRole.PARTICIPANT)[: n + 1]
            )
        assert self.batch.sessions.count() == 40
        assert self.batch.enrolments.filter(role=BatchRole.PARTICIPANT).count() == 40
        assert count() == small


class SessionPageTests(SessionTestCase):
    def test_the_organiser_schedules_a_session(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            "/batches/PRM-T-I/sessions/new/",
            {
                "title": "Integritas",
                "day": f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}",
                "starts": "08:00",
                "ends": "10:15",
                "zone": "Asia/Jayapura",
                "jp": "3",
                "meeting_url": "https://meet.example/rm",
                "facilitator": self.facilitator.pk,
            },
        )
        self.assertRedirects(response, "/batches/PRM-T-I/timetable/")
        session = Session.objects.get()
        assert session.timezone == "Asia/Jayapura"
        assert session.starts_at.astimezone(timezone.get_fixed_timezone(0)).hour == 23

    def test_a_session_outside_the_batch_is_refused_on_the_form(self) -> None:
        self.move_batch(date(2027, 3, 1), date(2027, 3, 31))
        self.login(self.organiser)
        response = self.client.post(
            "/batches/PRM-T-I/sessions/new/",
            {
                "title": "Integritas",
                "day": "2027-04-01",
                "starts": "08:00",
                "ends": "10:15",
                "zone": "Asia/Jakarta",
                "jp": "3",
                "room": "Aula",
            },
        )
        assert response.status_code == 200
        message = _(ERR_OUTSIDE_BATCH).format(start="1 March 2027", end="31 March 2027")
        assert response.context["form"].errors == {"day": [message]}
        self.assertContains(response, f'<small class="error">{escape(message)}</small>', html=True)
        assert not Session.objects.exists()

    def test_only_the_organiser_schedules(self) -> None:
        for person in [self.facilitator, self.participant, self.outsider]:
            self.login(person)
            assert self.client.get("/batches/PRM-T-I/sessions/new/").status_code == 404

    def test_participants_see_their_timetable_and_download_it(self) -> None:
        self.session(days=1, title="Etos Kerja, gotong royong")
        self.login(self.participant)
        page = self.client.get("/batches/PRM-T-I/timetable/")
        self.assertContains(page, "Etos Kerja, gotong royong")
        self.assertContains(page, "07:00 WIB")  # in Ani's zone …
        self.assertContains(page, "08.00 WITA")  # … and in the zone it was scheduled in
        ics = self.client.get("/batches/PRM-T-I/timetable.ics")
        assert ics["Content-Type"] == "text/calendar"
        text = ics.content.decode()
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        assert "SUMMARY:Etos Kerja\\, gotong royong (Angkatan I)" in text
        day = timezone.localdate() + timedelta(days=1)
        assert f"DTSTART:{day:%Y%m%d}T000000Z" in text  # 08.00 WITA

    def test_outsiders_and_mentors_get_404_on_the_timetable(self) -> None:
        for person in [self.outsider, self.mentor]:
            self.login(person)
            assert self.client.get("/batches/PRM-T-I/timetable/").status_code == 404
            assert self.client.get("/batches/PRM-T-I/timetable.ics").status_code == 404

    def test_facilitator_opens_check_in_and_participant_checks_in(self) -> None:
        session = self.running()
        self.login(self.facilitator)
        self.client.post(f"/batches/PRM-T-I/sessions/{session.pk}/checkin-code/")
        session.refresh_from_db()
        self.assertContains(
            self.client.get(f"/batches/PRM-T-I/sessions/{session.pk}/"), session.checkin_code
        )
        self.login(self.participant)
        self.assertContains(self.client.get("/batches/PRM-T-I/timetable/"), 'name="code"')
        response = self.client.post(
            f"/batches/PRM-T-I/sessions/{session.pk}/checkin/",
            {"code": session.checkin_code},
            follow=True,
        )
        self.assertContains(response, "You are checked in")
        self.assertContains(response, 'data-status="present"')
        self.login(self.organiser)
        self.assertContains(self.client.get("/batches/PRM-T-I/"), 'data-cell="present"')

    def test_a_wrong_code_is_refused_with_a_message(self) -> None:
        session = sessions.checkin_open(session=self.running())
        self.login(self.participant)
        response = self.client.post(
            f"/batches/PRM-T-I/sessions/{session.pk}/checkin/", {"code": "000000x"}, follow=True
        )
        self.assertContains(response, "This is not the check-in code of this session.")
        assert not Attendance.objects.exists()

    def test_session_pages_are_for_facilitators_and_organisers_only(self) -> None:
        session = self.session()
        url = f"/batches/PRM-T-I/sessions/{session.pk}/"
        for person in [self.participant, self.mentor, self.outsider]:
            self.login(person)
            assert self.client.get(url).status_code == 404, person
            assert self.client.post(f"{url}checkin-code/").status_code == 404, person
        for person in [self.facilitator, self.organiser]:
            self.login(person)
            assert self.client.get(url).status_code == 200, person

    def test_the_facilitator_corrects_with_a_reason_shown_in_the_trail(self) -> None:
        session = self.session(days=-1)
        self.login(self.facilitator)
        self.client.post(
            f"/batches/PRM-T-I/sessions/{session.pk}/correct/",
            {"person": self.participant2.pk, "status": "present", "reason": "Hadir, lupa absen"},
        )
        page = self.client.get(f"/batches/PRM-T-I/sessions/{session.pk}/")
        self.assertContains(page, "Absent → Present · Budi Widyaiswara: “Hadir, lupa absen”")

    def test_participants_see_their_attendance_with_a_warning(self) -> None:
        self.session(days=-1, jp=4)
        self.session(days=1, jp=4)
        self.login(self.participant)
        page = self.client.get("/batches/PRM-T-I/timetable/")
        self.assertContains(page, 'data-attendance="below"')
        self.assertContains(page, "Attendance: 0 % (0 of 4 JP held so far).")


class ParticipantOverviewTests(SessionTestCase):
    def test_it_shows_this_weeks_sessions_open_check_ins_and_attendance(self) -> None:
        from django.template.loader import render_to_string

        from revmen.training.selectors import participant_overview

        session = sessions.checkin_open(session=self.running(title="Integritas"))
        enrolments = list(
            Enrolment.objects.filter(person=self.participant).select_related(
                "batch__programme", "person"
            )
        )
        [overview] = participant_overview(enrolments)
        week = (timezone.localdate() - self.batch.start_date).days // 7 + 1
        assert overview.week == week
        assert overview.this_week == [session]
        assert overview.checkin_open == [session]
        html = render_to_string("training/_home_participant.html", {"overviews": [overview]})
        assert "Check-in is open: Integritas" in html
        assert f"week {week}" in html


class TimetableLinkTests(SessionTestCase):
    def test_only_people_who_run_sessions_get_links_to_them(self) -> None:
        from revmen.training.models import BatchRole, Enrolment

        session = self.session()
        url = f"/batches/{self.batch.code}/sessions/{session.pk}/"
        coach = self.make_person("Pak Coach", "197808082005011008", self.institute)
        Enrolment.objects.create(batch=self.batch, person=coach, role=BatchRole.COACH)
        for person, linked in [(self.facilitator, True), (self.organiser, True), (coach, False)]:
            self.login(person)
            page = self.client.get(f"/batches/{self.batch.code}/timetable/")
            self.assertEqual(url in page.content.decode(), linked, person.name)
            self.assertEqual(self.client.get(url).status_code, 200 if linked else 404)
