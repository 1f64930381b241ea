"""Programme, scheme, batch and staff pages: organisers only, everyone else 404."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.training import services
from revmen.training.models import Batch, BatchRole, Enrolment, Programme


class ProgrammePageTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.login(self.organiser)

    def test_only_organisers_and_admins_see_programme_pages(self) -> None:
        pages = [
            "/programmes/",
            "/programmes/new/",
            "/programmes/PRM-T/",
            "/programmes/PRM-T/scheme/",
        ]
        for person in [
            self.facilitator,
            self.participant,
            self.mentor,
            self.outsider,
            self.agency_admin,
        ]:
            self.login(person)
            for url in pages:
                assert self.client.get(url).status_code == 404, (person, url)
        for person in [self.organiser, self.admin]:
            self.login(person)
            for url in pages:
                assert self.client.get(url).status_code == 200, (person, url)

    def test_an_organiser_builds_a_programme_from_scratch(self) -> None:
        response = self.client.post(
            "/programmes/new/",
            {"institute": self.institute.pk, "code": "prm-27", "name": "Pelatihan RM 2027"},
        )
        self.assertRedirects(response, "/programmes/PRM-27/")
        self.client.post("/programmes/PRM-27/agendas/", {"name": "Agenda Nilai"})
        agenda = Programme.objects.get(code="PRM-27").agendas.get()
        self.client.post(
            "/programmes/PRM-27/subjects/", {"agenda": agenda.pk, "name": "Integritas", "jp": 6}
        )
        self.client.post("/programmes/PRM-27/phases/", {"kind": "workplace", "weeks": 5})
        response = self.client.post(
            "/programmes/PRM-27/scheme/",
            {
                "components": "Sikap = 20\nAkademik = 30\nRancangan aksi = 50",
                "bands": "Sangat Memuaskan > 90\nMemuaskan > 80",
                "pass_mark": "60",
                "min_attendance": "90",
            },
        )
        self.assertRedirects(response, "/programmes/PRM-27/")
        page = self.client.get("/programmes/PRM-27/")
        self.assertContains(page, "Integritas · 6 JP")
        self.assertContains(page, 'data-total-jp="6"')
        self.assertContains(page, "Rancangan aksi")
        self.assertContains(page, "5 weeks")

    def test_weights_not_adding_up_to_100_are_refused_on_the_form(self) -> None:
        response = self.client.post(
            "/programmes/PRM-T/scheme/",
            {
                "components": "A = 50\nB = 40",
                "bands": "",
                "pass_mark": "60",
                "min_attendance": "90",
            },
        )
        self.assertContains(response, "must add up to 100 (they add up to 90)")

    def test_a_malformed_scheme_line_is_named(self) -> None:
        response = self.client.post(
            "/programmes/PRM-T/scheme/",
            {"components": "A = 100\nB", "bands": "", "pass_mark": "60", "min_attendance": "90"},
        )
        self.assertContains(response, "Line 2: write “name = number”.")

    def test_a_programme_is_copied(self) -> None:
        response = self.client.post(
            "/programmes/PRM-T/copy/", {"code": "PRM-T-2", "name": "Salinan"}
        )
        self.assertRedirects(response, "/programmes/PRM-T-2/")
        assert Programme.objects.get(code="PRM-T-2").copied_from.code == "PRM-T"  # type: ignore[union-attr]

    def test_a_batch_is_opened_and_edited_with_a_capacity_warning(self) -> None:
        response = self.client.post(
            "/programmes/PRM-T/batches/new/",
            {
                "code": "PRM-T-II",
                "name": "Angkatan II",
                "start_date": "2027-02-01",
                "end_date": "2027-04-01",
                "mode": "daring",
                "capacity": "30",
                "organiser": self.organiser.pk,
            },
        )
        self.assertRedirects(response, "/batches/PRM-T-II/")
        assert Batch.objects.get(code="PRM-T-II").organiser == self.organiser
        response = self.client.post(
            "/batches/PRM-T-I/edit/",
            {
                "name": "Angkatan I",
                "start_date": self.batch.start_date.isoformat(),
                "end_date": self.batch.end_date.isoformat(),
                "mode": "klasikal",
                "capacity": "1",
            },
            follow=True,
        )
        self.assertContains(response, "2 participants are enrolled, more than the capacity of 1.")

    def test_only_the_organiser_edits_a_batch_and_its_staff(self) -> None:
        for person in [self.facilitator, self.participant, self.outsider]:
            self.login(person)
            for url in ["/batches/PRM-T-I/edit/", "/batches/PRM-T-I/staff/"]:
                assert self.client.get(url).status_code == 404, (person, url)
            assert self.client.post("/batches/PRM-T-I/staff/add/", {}).status_code == 404

    def test_staff_subjects_groups_and_mentors_are_assigned(self) -> None:
        agenda = services.agenda_create(programme=self.batch.programme, name="Agenda")
        subject = services.subject_create(agenda=agenda, name="Integritas", jp=6)
        coach = self.make_person("Citra Coach", "197808082003122008", self.institute)
        self.client.post("/batches/PRM-T-I/staff/add/", {"role": "penguji", "person": coach.pk})
        self.client.post(
            "/batches/PRM-T-I/staff/subjects/",
            {"subject": subject.pk, "person": self.facilitator.pk},
        )
        member = Enrolment.objects.get(person=self.participant)
        self.client.post(
            "/batches/PRM-T-I/staff/groups/",
            {"name": "Kelompok A", "coach": coach.pk, "members": [member.pk]},
        )
        response = self.client.post(
            "/batches/PRM-T-I/staff/mentors/",
            {"participant": member.pk, "name": "Kompol Atasan", "email": "atasan@polri.example"},
        )
        self.assertRedirects(response, "/batches/PRM-T-I/staff/")
        page = self.client.get("/batches/PRM-T-I/staff/")
        self.assertContains(page, "Integritas: Budi Widyaiswara")
        self.assertContains(page, "Kelompok A")
        self.assertContains(page, "Kompol Atasan")
        assert set(Enrolment.objects.filter(person=coach).values_list("role", flat=True)) == {
            BatchRole.EXAMINER,
            BatchRole.COACH,
        }
        assert Person.objects.get(email="atasan@polri.example").nip is None

    def test_a_mentor_by_unknown_nip_is_refused(self) -> None:
        member = Enrolment.objects.get(person=self.participant)
        response = self.client.post(
            "/batches/PRM-T-I/staff/mentors/",
            {"participant": member.pk, "nip": "197001012000011999"},
        )
        self.assertContains(response, "Nobody with this NIP is known to revmen.")

    def test_scheme_form_shows_the_stored_scheme(self) -> None:
        services.scheme_set(
            programme=self.batch.programme,
            components=[("Sikap", Decimal(100))],
            bands=[("Baik", Decimal("70.5"))],
            pass_mark=Decimal(60),
            min_attendance=Decimal(90),
        )
        page = self.client.get("/programmes/PRM-T/scheme/")
        self.assertContains(page, "Sikap = 100")
        self.assertContains(page, "Baik &gt; 70.5")
