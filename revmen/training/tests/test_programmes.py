"""Programmes with curriculum and evaluation scheme as data; batches; staff and mentors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.training import services
from revmen.training.models import BatchRole, Enrolment, PhaseKind, Programme
from revmen.training.services import (
    ERR_BATCH_DATES,
    ERR_MENTOR_IS_SELF,
    ERR_NOT_ORGANISER,
    ERR_WEIGHTS_SUM,
)

D = Decimal


class ProgrammeServiceTests(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def make_programme(self) -> Programme:
        programme = services.programme_create(
            institute=self.institute, code="prm-2027", name="Pelatihan Revolusi Mental 2027"
        )
        agenda = services.agenda_create(programme=programme, name="Agenda Revolusi Mental")
        services.subject_create(agenda=agenda, name="Integritas", jp=6)
        services.subject_create(agenda=agenda, name="Etos Kerja", jp=4)
        services.phase_create(programme=programme, kind=PhaseKind.LEARNING, mode="blended")
        services.phase_create(programme=programme, kind=PhaseKind.WORKPLACE, weeks=5)
        services.phase_create(programme=programme, kind=PhaseKind.PRESENTATION)
        services.scheme_set(
            programme=programme,
            components=[("Sikap perilaku", D(20)), ("Akademik", D(30)), ("Rancangan", D(50))],
            bands=[("Sangat Memuaskan", D(90)), ("Memuaskan", D(80))],
            pass_mark=D(70),
            min_attendance=D(95),
        )
        return programme

    def test_a_new_programme_has_the_lan_predicate_bands(self) -> None:
        programme = services.programme_create(institute=self.institute, code="x", name="X")
        assert programme.code == "X"
        assert [(b.name, b.above) for b in programme.bands.all()] == [
            ("Sangat Memuaskan", 90),
            ("Memuaskan", 80),
            ("Cukup Memuaskan", 70),
            ("Kurang Memuaskan", 60),
        ]

    def test_only_an_institute_runs_programmes(self) -> None:
        with pytest.raises(ValidationError):
            services.programme_create(institute=self.agency_a, code="x", name="X")

    def test_the_curriculum_holds_agendas_subjects_with_jp_and_phases(self) -> None:
        programme = self.make_programme()
        [agenda] = programme.agendas.all()
        assert [(s.name, s.jp) for s in agenda.subjects.all()] == [
            ("Integritas", 6),
            ("Etos Kerja", 4),
        ]
        assert [p.kind for p in programme.phases.all()] == ["learning", "workplace", "presentation"]

    def test_component_weights_must_add_up_to_100(self) -> None:
        programme = self.make_programme()
        with pytest.raises(ValidationError) as caught:
            services.scheme_set(
                programme=programme,
                components=[("A", D(40)), ("B", D(50))],
                bands=[],
                pass_mark=D(60),
                min_attendance=D(90),
            )
        assert caught.value.message_dict["components"] == [_(ERR_WEIGHTS_SUM).format(total="90")]
        assert programme.components.count() == 3  # unchanged

    def test_copying_a_programme_copies_curriculum_and_scheme(self) -> None:
        programme = self.make_programme()
        copy = services.programme_copy(programme=programme, code="PRM-2028", name="PRM 2028")
        assert copy.copied_from == programme
        assert (copy.pass_mark, copy.min_attendance) == (D(70), D(95))
        assert [(c.name, c.weight) for c in copy.components.all()] == [
            ("Sikap perilaku", 20),
            ("Akademik", 30),
            ("Rancangan", 50),
        ]
        assert [b.name for b in copy.bands.all()] == ["Sangat Memuaskan", "Memuaskan"]
        assert [s.name for a in copy.agendas.all() for s in a.subjects.all()] == [
            "Integritas",
            "Etos Kerja",
        ]
        assert [p.weeks for p in copy.phases.all()] == [None, 5, None]
        assert programme.agendas.get().subjects.count() == 2  # the original is untouched


class BatchServiceTests(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def test_it_opens_a_batch(self) -> None:
        batch = services.batch_create(
            programme=self.batch.programme,
            code="prm-t-ii",
            name="Angkatan II",
            start_date=date(2027, 2, 1),
            end_date=date(2027, 4, 1),
            mode="daring",
            capacity=30,
            organiser=self.organiser,
        )
        assert (batch.code, batch.status(date(2027, 1, 1)), batch.capacity) == (
            "PRM-T-II",
            "planned",
            30,
        )

    def test_dates_must_be_in_order(self) -> None:
        with pytest.raises(ValidationError) as caught:
            services.batch_update(
                batch=self.batch,
                name="X",
                start_date=date(2027, 2, 1),
                end_date=date(2027, 1, 1),
                mode="daring",
            )
        assert caught.value.message_dict["end_date"] == [_(ERR_BATCH_DATES)]

    def test_the_organiser_must_be_an_organiser_of_the_institute(self) -> None:
        with pytest.raises(ValidationError) as caught:
            services.batch_update(
                batch=self.batch,
                name="X",
                start_date=self.batch.start_date,
                end_date=self.batch.end_date,
                mode="daring",
                organiser=self.outsider,
            )
        assert caught.value.message_dict["organiser"] == [
            _(ERR_NOT_ORGANISER).format(name="Orang Luar", institute="BPSDM Uji")
        ]

    def test_capacity_is_a_soft_limit_that_warns(self) -> None:
        self.batch.capacity = 1
        assert services.capacity_warning(self.batch) == (
            "2 participants are enrolled, more than the capacity of 1."
        )
        self.batch.capacity = 2
        assert services.capacity_warning(self.batch) is None

    def test_facilitators_are_assigned_to_subjects(self) -> None:
        agenda = services.agenda_create(programme=self.batch.programme, name="Agenda")
        subject = services.subject_create(agenda=agenda, name="Integritas", jp=6)
        services.facilitator_assign(batch=self.batch, subject=subject, person=self.outsider)
        assert Enrolment.objects.filter(
            batch=self.batch, person=self.outsider, role=BatchRole.FACILITATOR
        ).exists()
        assert subject.assignments.get().facilitator == self.outsider

    def test_groups_get_a_coach_an_examiner_and_members(self) -> None:
        member = Enrolment.objects.get(person=self.participant)
        group = services.group_save(
            batch=self.batch,
            name="Kelompok 1",
            coach=self.outsider,
            examiner=self.head,
            members=[member],
        )
        member.refresh_from_db()
        assert member.group == group
        roles = set(
            Enrolment.objects.filter(
                batch=self.batch, person__in=[self.outsider, self.head]
            ).values_list("role", flat=True)
        )
        assert roles == {"coach", "penguji"}

    def test_a_mentor_without_an_account_is_invited_by_email(self) -> None:
        enrolment = Enrolment.objects.get(person=self.participant)
        with (
            mock.patch("revmen.training.services.invitation_send") as send,
            self.captureOnCommitCallbacks(execute=True),
        ):
            mentor = services.mentor_assign(
                enrolment=enrolment, name="Kompol Atasan", email="atasan@polri.example"
            )
        assert mentor.nip is None and not mentor.has_usable_password()
        send.assert_called_once_with(person=mentor)
        assert enrolment.mentor == mentor
        assert Enrolment.objects.filter(person=mentor, role=BatchRole.MENTOR).exists()

    def test_a_known_mentor_is_reused_by_email(self) -> None:
        enrolment = Enrolment.objects.get(person=self.participant2)
        mentor = services.mentor_assign(
            enrolment=enrolment, name="AKBP", email="MENTOR@polri.example"
        )
        assert mentor == self.mentor
        assert Person.objects.filter(email__iexact="mentor@polri.example").count() == 1

    def test_a_participant_is_not_their_own_mentor(self) -> None:
        enrolment = Enrolment.objects.get(person=self.participant)
        with pytest.raises(ValidationError) as caught:
            services.mentor_assign(enrolment=enrolment, mentor=self.participant)
        assert caught.value.message_dict["mentor"] == [_(ERR_MENTOR_IS_SELF)]
