"""Editing and deleting sessions: attendance stays on an edit and is never deleted unasked."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from revmen.training import sessions
from revmen.training.models import Attendance, AttendanceCorrection, Enrolment, Session
from revmen.training.sessions import (
    ERR_NOT_FACILITATOR,
    ERR_OUTSIDE_BATCH,
    ERR_SESSION_HAS_ATTENDANCE,
)

from .test_sessions import SessionTestCase


class SessionEditTestCase(SessionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.held = self.session(days=-1, title="Integritas")
        sessions.attendance_correct(
            session=self.held,
            person=self.participant,
            status="present",
            reason="Hadir, lupa absen",
            by=self.facilitator,
        )

    def changes(self, **overrides: object) -> dict[str, object]:
        fields: dict[str, object] = {
            "title": "Integritas (pindah)",
            "day": timezone.localdate() + timedelta(days=2),
            "starts": time(9, 0),
            "ends": time(12, 0),
            "zone": "Asia/Jayapura",
            "jp": 5,
            "room": "Aula",
            "facilitator": self.facilitator,
        }
        fields.update(overrides)
        return fields

    def form_data(self, **overrides: object) -> dict[str, object]:
        data = self.changes(**overrides)
        data["facilitator"] = self.facilitator.pk
        return {k: "" if v is None else v for k, v in data.items()}

    def url(self, session: Session, action: str) -> str:
        return f"/batches/PRM-T-I/sessions/{session.pk}/{action}/"


class SessionUpdateServiceTests(SessionEditTestCase):
    def test_it_changes_the_session_in_place_and_keeps_its_attendance(self) -> None:
        session = sessions.session_update(session=self.held, **self.changes())  # type: ignore[arg-type]
        session.refresh_from_db()
        assert (session.title, session.jp, session.room) == ("Integritas (pindah)", 5, "Aula")
        assert session.timezone == "Asia/Jayapura"
        assert session.starts_at.astimezone(timezone.get_fixed_timezone(0)).hour == 0  # 09.00 WIT
        assert Attendance.objects.get().session == session
        assert AttendanceCorrection.objects.get().session == session

    def test_it_checks_an_edit_like_a_new_session(self) -> None:
        with pytest.raises(ValidationError):
            sessions.session_update(session=self.held, **self.changes(ends=time(8)))  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            sessions.session_update(session=self.held, **self.changes(room=""))  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as caught:
            sessions.session_update(session=self.held, **self.changes(facilitator=self.outsider))  # type: ignore[arg-type]
        assert caught.value.message_dict["facilitator"] == [
            _(ERR_NOT_FACILITATOR).format(name=self.outsider.name)
        ]

    def test_it_refuses_to_move_a_session_outside_the_batch(self) -> None:
        before = (self.held.title, self.held.starts_at, self.held.ends_at)
        for day in [
            self.batch.start_date - timedelta(days=1),
            self.batch.end_date + timedelta(days=1),
        ]:
            with pytest.raises(ValidationError) as caught:
                sessions.session_update(session=self.held, **self.changes(day=day))  # type: ignore[arg-type]
            assert list(caught.value.message_dict) == ["day"]
        self.held.refresh_from_db()
        assert (self.held.title, self.held.starts_at, self.held.ends_at) == before

    def test_it_moves_a_session_to_the_first_or_last_day(self) -> None:
        for day in [self.batch.start_date, self.batch.end_date]:
            sessions.session_update(session=self.held, **self.changes(day=day))  # type: ignore[arg-type]
            self.held.refresh_from_db()
            assert self.held.starts_at.astimezone(ZoneInfo("Asia/Jayapura")).date() == day

    def test_it_keeps_a_facilitator_who_has_left_the_batch(self) -> None:
        Enrolment.objects.filter(person=self.facilitator).update(is_active=False)
        session = sessions.session_update(session=self.held, **self.changes())  # type: ignore[arg-type]
        assert session.facilitator == self.facilitator


class SessionDeleteServiceTests(SessionEditTestCase):
    def test_it_deletes_a_session_without_attendance(self) -> None:
        session = self.session(days=3)
        sessions.session_delete(session=session)
        assert not Session.objects.filter(pk=session.pk).exists()

    def test_it_refuses_to_delete_attendance_unless_confirmed(self) -> None:
        with pytest.raises(ValidationError) as caught:
            sessions.session_delete(session=self.held)
        assert caught.value.message_dict["confirm"] == [_(ERR_SESSION_HAS_ATTENDANCE).format(n=1)]
        assert Attendance.objects.count() == 1
        sessions.session_delete(session=self.held, confirm=True)
        assert not Session.objects.exists()
        assert not Attendance.objects.exists() and not AttendanceCorrection.objects.exists()


class SessionEditPageTests(SessionEditTestCase):
    def test_it_fills_in_the_form_in_the_zone_the_session_was_scheduled_in(self) -> None:
        self.login(self.organiser)
        page = self.client.get(self.url(self.held, "edit"))
        day = self.held.starts_at.astimezone(timezone.get_fixed_timezone(8 * 60)).date()
        self.assertContains(page, f'value="{day:%Y-%m-%d}"')
        self.assertContains(page, 'value="08:00"')  # WITA, although the organiser is in WIB
        self.assertContains(page, 'value="11:00"')
        self.assertContains(page, '<option value="Asia/Makassar" selected>')
        self.assertContains(page, 'value="Integritas"')
        self.assertContains(page, self.url(self.held, "delete"))

    def test_it_edits_the_time_and_keeps_the_attendance(self) -> None:
        self.login(self.organiser)
        response = self.client.post(self.url(self.held, "edit"), self.form_data(), follow=True)
        self.assertRedirects(response, "/batches/PRM-T-I/timetable/")
        self.assertContains(response, "Session “Integritas (pindah)” saved.")
        self.held.refresh_from_db()
        assert self.held.jp == 5
        assert Attendance.objects.get().session == self.held
        detail = self.client.get(f"/batches/PRM-T-I/sessions/{self.held.pk}/")
        self.assertContains(detail, "Absent → Present · Budi Widyaiswara: “Hadir, lupa absen”")

    def test_a_bad_edit_is_shown_on_the_form(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            self.url(self.held, "edit"), self.form_data(meeting_url="", room="")
        )
        self.assertContains(response, "Give an online meeting link or a room (or both).")
        self.held.refresh_from_db()
        assert self.held.title == "Integritas"

    def test_a_move_outside_the_batch_is_shown_on_the_form_and_stores_nothing(self) -> None:
        self.move_batch(date(2027, 3, 1), date(2027, 3, 31))
        self.held.refresh_from_db()
        before = (self.held.title, self.held.starts_at, self.held.jp)
        self.login(self.organiser)
        response = self.client.post(self.url(self.held, "edit"), self.form_data(day="2027-04-01"))
        assert response.status_code == 200
        message = _(ERR_OUTSIDE_BATCH).format(start="1 March 2027", end="31 March 2027")
        assert response.context["form"].errors == {"day": [message]}
        self.assertContains(response, f'<small class="error">{escape(message)}</small>', html=True)
        self.held.refresh_from_db()
        assert (self.held.title, self.held.starts_at, self.held.jp) == before
        assert Attendance.objects.get().session == self.held

    def test_the_timetable_and_ics_show_the_edit(self) -> None:
        self.login(self.organiser)
        self.client.post(self.url(self.held, "edit"), self.form_data())
        self.login(self.participant)
        page = self.client.get("/batches/PRM-T-I/timetable/")
        self.assertContains(page, "Integritas (pindah)")
        self.assertContains(page, "09.00 WIT")
        text = self.client.get("/batches/PRM-T-I/timetable.ics").content.decode()
        day = timezone.localdate() + timedelta(days=2)
        assert f"DTSTART:{day:%Y%m%d}T000000Z" in text  # 09.00 WIT
        assert f"DTEND:{day:%Y%m%d}T030000Z" in text
        assert "SUMMARY:Integritas (pindah) (Angkatan I)" in text
        assert "LOCATION:Aula" in text
        assert "DESCRIPTION:5 JP" in text
        assert f"UID:session-{self.held.pk}@revmen" in text  # the same event, moved


class SessionDeletePageTests(SessionEditTestCase):
    def test_it_deletes_a_session_without_attendance(self) -> None:
        session = self.session(days=3, title="Etos Kerja")
        self.login(self.organiser)
        page = self.client.get(self.url(session, "delete"))
        self.assertNotContains(page, 'name="confirm"')
        response = self.client.post(self.url(session, "delete"), follow=True)
        self.assertRedirects(response, "/batches/PRM-T-I/timetable/")
        self.assertContains(response, "Session “Etos Kerja” deleted.")
        assert not Session.objects.filter(pk=session.pk).exists()
        assert self.client.post(self.url(session, "delete")).status_code == 404  # twice

    def test_it_refuses_to_delete_attendance_without_confirmation(self) -> None:
        self.login(self.organiser)
        page = self.client.get(self.url(self.held, "delete"))
        self.assertContains(page, "Attendance has been recorded at this session for 1 participant.")
        self.assertContains(page, 'name="confirm"')
        response = self.client.post(self.url(self.held, "delete"))
        self.assertContains(response, "Deleting the session also deletes this attendance")
        assert Session.objects.filter(pk=self.held.pk).exists()
        assert Attendance.objects.count() == 1
        response = self.client.post(self.url(self.held, "delete"), {"confirm": "on"})
        self.assertRedirects(response, "/batches/PRM-T-I/timetable/")
        assert not Session.objects.exists() and not Attendance.objects.exists()

    def test_only_the_organiser_edits_and_deletes(self) -> None:
        for person in [self.outsider, self.participant, self.mentor, self.facilitator]:
            self.login(person)
            for action in ["edit", "delete"]:
                url = self.url(self.held, action)
                assert self.client.get(url).status_code == 404, (person, action)
                data = self.form_data() if action == "edit" else {"confirm": "on"}
                assert self.client.post(url, data).status_code == 404, (person, action)
        self.held.refresh_from_db()
        assert self.held.title == "Integritas" and Attendance.objects.count() == 1
        self.login(self.admin)
        assert self.client.get(self.url(self.held, "edit")).status_code == 200

    def test_only_the_organiser_gets_the_links(self) -> None:
        edit = self.url(self.held, "edit")
        for person, linked in [(self.organiser, True), (self.facilitator, False)]:
            self.login(person)
            timetable = self.client.get("/batches/PRM-T-I/timetable/").content.decode()
            detail = self.client.get(f"/batches/PRM-T-I/sessions/{self.held.pk}/").content.decode()
            assert (edit in timetable, edit in detail) == (linked, linked), person
        self.login(self.participant)
        self.assertNotContains(self.client.get("/batches/PRM-T-I/timetable/"), edit)
