from __future__ import annotations

from django.utils import timezone

from revmen.accounts.services import role_grant
from revmen.front.testing import BaseTestCase
from revmen.training.models import BatchRole, Enrolment


class HomeTests(BaseTestCase):
    def roles_on_home(self, person) -> list[str]:  # type: ignore[no-untyped-def]
        self.login(person)
        return [s.role for s in self.client.get("/").context["sections"]]

    def test_each_persona_lands_on_the_sections_of_their_roles(self) -> None:
        self.assertEqual(self.roles_on_home(self.admin), ["platform_admin"])
        self.assertEqual(self.roles_on_home(self.organiser), ["organiser", "grading-organiser"])
        self.assertEqual(self.roles_on_home(self.participant), ["peserta"])
        self.assertEqual(self.roles_on_home(self.facilitator), ["fasilitator"])
        self.assertEqual(self.roles_on_home(self.mentor), ["mentor"])
        self.assertEqual(self.roles_on_home(self.agency_admin), ["agency_admin"])
        self.assertEqual(self.roles_on_home(self.culture_admin), ["culture_admin"])
        self.assertEqual(self.roles_on_home(self.head), ["head_of_unit", "unit_results"])
        self.assertEqual(self.roles_on_home(self.outsider), [])

    def test_a_person_with_several_roles_gets_one_section_per_role(self) -> None:
        role_grant(person=self.head, kind="culture_admin", agency=self.agency_a)
        Enrolment.objects.create(batch=self.batch, person=self.head, role=BatchRole.MENTOR)
        self.assertEqual(
            self.roles_on_home(self.head),
            ["culture_admin", "head_of_unit", "unit_results", "mentor"],
        )

    def test_participants_of_a_closed_batch_are_alumni(self) -> None:
        self.batch.closed_at = timezone.now()
        self.batch.save()
        # the batch's side (journal, certificate) and the follow-up's side (what is due)
        self.assertEqual(self.roles_on_home(self.participant), ["alumni", "followup"])

    def test_the_participant_sees_their_batch(self) -> None:
        self.login(self.participant)
        self.assertContains(self.client.get("/"), "Angkatan I")

    def test_the_organiser_sees_participant_counts(self) -> None:
        self.login(self.organiser)
        self.assertContains(self.client.get("/"), "<td>2</td>", html=False)

    def test_an_outsider_is_told_they_have_no_role_yet(self) -> None:
        self.login(self.outsider)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["sections"])

    def test_the_agencies_link_shows_only_for_people_who_see_an_agency(self) -> None:
        self.login(self.participant)
        self.assertNotContains(self.client.get("/"), 'href="/agencies/"')
        self.login(self.agency_admin)
        self.assertContains(self.client.get("/"), 'href="/agencies/"')

    def test_the_organiser_sees_each_batch_status(self) -> None:
        self.login(self.organiser)
        self.assertContains(self.client.get("/"), 'data-status="running"')


def test_short_names_skip_titles() -> None:
    from revmen.accounts.models import Person

    assert Person(name="R. Budi Santoso").get_short_name() == "Budi"
    assert Person(name="Dt. Rajo Intan, S.Sos.").get_short_name() == "Rajo"
    assert Person(name="Hj. Siti Aminah").get_short_name() == "Siti"
    assert Person(name="Dr.").get_short_name() == "Dr."


class AlumniAndMentorHomeTests(BaseTestCase):
    def setUp(self) -> None:
        from datetime import time, timedelta

        from revmen.training import sessions

        self.client.cookies["django_language"] = "en"
        today = timezone.localdate()
        self.batch.start_date, self.batch.end_date = today - timedelta(days=30), today
        self.batch.save(update_fields=["start_date", "end_date"])
        self.held = sessions.session_create(
            batch=self.batch,
            title="Integritas",
            day=today - timedelta(days=3),
            starts=time(8),
            ends=time(12),
            zone="Asia/Jakarta",
            jp=4,
            room="Aula",
        )
        self.held.attendances.create(person=self.participant, status="present")

    def test_an_alumnus_sees_each_finished_batch_with_their_attendance_and_a_link(self) -> None:
        self.batch.closed_at = timezone.now()
        self.batch.save(update_fields=["closed_at"])
        self.login(self.participant)
        page = self.client.get("/")
        self.assertContains(page, f'data-alumni-batch="{self.batch.code}"')
        self.assertContains(page, f'href="/batches/{self.batch.code}/timetable/"')
        self.assertContains(page, "Your attendance: 100 % (4 of 4 JP).")
        assert self.client.get(f"/batches/{self.batch.code}/timetable/").status_code == 200

    def test_a_mentor_sees_the_colleagues_they_mentor_and_how_they_are_doing(self) -> None:
        Enrolment.objects.filter(person__in=[self.participant, self.participant2]).update(
            mentor=self.mentor
        )
        self.login(self.mentor)
        page = self.client.get("/")
        for person in (self.participant, self.participant2):
            self.assertContains(page, f'data-mentee="{person.pk}"')
        self.assertContains(page, "Attendance so far: 100 %")
        self.assertContains(page, "Attendance so far: 0 %")
        self.assertContains(page, 'data-attendance="below"')

    def test_a_mentor_of_nobody_yet_is_told_so(self) -> None:
        self.login(self.mentor)
        self.assertContains(self.client.get("/"), "Nobody has named you as their mentor yet.")
