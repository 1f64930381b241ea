"""Grading end to end in services: rubrics in the engine, grades, release, objections, closing,
corrections in the audit trail, Ditunda completion, certificates (once that app offers them)."""

from __future__ import annotations

import unittest
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from revmen.accounts.models import Person
from revmen.core.models import AuditEntry
from revmen.front.testing import Personas
from revmen.grading import services
from revmen.grading.models import BatchGrading, Grade, Objection
from revmen.grading.testing import enrol, knowledge_test, rate, scheme_make, session_held, take_test
from revmen.instruments.models import Invitation
from revmen.training.models import BatchRole, Group, Outcome

HAS_CERTIFICATES = services.certificate_service("certificate_issue") is not None


class GradingObjects(Personas):
    """The personas, two facilitators and an examiner, the scheme (attitude 20 by the
    facilitators, academic 20 by a test, presentation 60 by the examiner), a held session
    both participants attended, the rubrics open and a post-test."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()
        cls.facilitator2 = cls.make_person("Dewi Widyaiswara", "197606062001122003", cls.institute)
        cls.examiner = cls.make_person("Eko Penguji", "197707072002121004", cls.institute)
        enrol(cls.batch, cls.facilitator2, BatchRole.FACILITATOR)
        enrol(cls.batch, cls.examiner, BatchRole.EXAMINER)
        cls.batch.organiser = cls.organiser
        cls.batch.save()
        cls.c = scheme_make(cls.batch)
        cls.session = session_held(cls.batch, [cls.participant, cls.participant2])
        services.rubrics_open(batch=cls.batch, by=cls.organiser)
        cls.test = knowledge_test(cls.batch)

    def login(self, person: Person) -> None:
        self.client.force_login(person)  # type: ignore[attr-defined]

    def grade_of(self, person: object) -> Grade:
        return Grade.objects.get(enrolment__batch=self.batch, enrolment__person=person)

    def score_everyone(self) -> None:
        for person in (self.participant, self.participant2):
            rate(self.batch, self.c["sikap"], self.facilitator, person, 4)
            rate(self.batch, self.c["sikap"], self.facilitator2, person, 4)
            take_test(self.test, person, 4)
        rate(self.batch, self.c["proyek"], self.examiner, self.participant, 4)


class GradingCase(GradingObjects, TestCase):
    def setUp(self) -> None:
        super().setUp()
        # The error constants are English msgids; the UI default is Indonesian.
        self.enterContext(translation.override("en"))


class RubricTests(GradingCase):
    def test_it_invites_each_facilitator_about_each_participant(self) -> None:
        rubric = self.batch.rubrics.get(component=self.c["sikap"]).administration
        pairs = set(
            Invitation.objects.filter(administration=rubric).values_list("person", "subject")
        )
        assert pairs == {
            (f.pk, p.pk)
            for f in (self.facilitator, self.facilitator2)
            for p in (self.participant, self.participant2)
        }
        assert rubric.identity == "identified"
        assert rubric.subject == "participants"

    def test_a_group_examiner_scores_only_the_group(self) -> None:
        group = Group.objects.create(batch=self.batch, name="A", examiner=self.facilitator2)
        self.batch.enrolments.filter(person=self.participant).update(group=group)
        services.rubrics_open(batch=self.batch, by=self.organiser)  # again: adds the new pair
        rubric = self.batch.rubrics.get(component=self.c["proyek"]).administration
        pairs = set(
            Invitation.objects.filter(administration=rubric).values_list("person", "subject")
        )
        assert (self.facilitator2.pk, self.participant.pk) in pairs
        assert (self.facilitator2.pk, self.participant2.pk) not in pairs

    def test_opening_twice_keeps_one_administration(self) -> None:
        services.rubrics_open(batch=self.batch, by=self.organiser)
        assert self.batch.rubrics.count() == 2


class GradeTests(GradingCase):
    def test_full_scores_pass_and_a_missing_presentation_defers(self) -> None:
        self.score_everyone()
        services.grades_compute(batch=self.batch)
        ani, rudi = self.grade_of(self.participant), self.grade_of(self.participant2)
        assert (ani.outcome, ani.final_score, ani.predicate) == (
            Outcome.PASSED,
            Decimal("100.00"),
            "Sangat Memuaskan",
        )
        assert rudi.outcome == Outcome.DEFERRED
        assert rudi.missing == [self.c["proyek"].pk]
        assert rudi.deadline == self.batch.end_date + timedelta(days=30)

    def test_raters_are_combined_by_the_mean_and_disagreement_is_flagged(self) -> None:
        from revmen.grading.scores import batch_component_results

        rate(self.batch, self.c["sikap"], self.facilitator, self.participant, 4)  # 100
        rate(self.batch, self.c["sikap"], self.facilitator2, self.participant, 2)  # 33.33
        settings = services.settings_for(self.batch.programme)
        result = batch_component_results(self.batch, settings)[self.c["sikap"].pk][
            self.participant.pk
        ]
        assert result.score == Decimal("66.67")
        assert result.disagree
        settings = services.settings_update(
            programme=self.batch.programme, by=self.organiser, disagreement_gap=Decimal(70)
        )
        result = batch_component_results(self.batch, settings)[self.c["sikap"].pk][
            self.participant.pk
        ]
        assert not result.disagree

    def test_the_median_rule(self) -> None:
        from revmen.grading.scores import batch_component_results

        third = self.make_person("Fajar Widyaiswara", "197808082003121005", self.institute)
        enrol(self.batch, third, BatchRole.FACILITATOR)
        services.rubrics_open(batch=self.batch, by=self.organiser)
        for rater, value in [(self.facilitator, 4), (self.facilitator2, 1), (third, 4)]:
            rate(self.batch, self.c["sikap"], rater, self.participant, value)
        settings = services.settings_update(
            programme=self.batch.programme, by=self.organiser, combine_rule="median"
        )
        result = batch_component_results(self.batch, settings)[self.c["sikap"].pk]
        assert result[self.participant.pk].score == Decimal("100.00")

    def test_the_academic_score_is_percent_correct(self) -> None:
        take_test(self.test, self.participant, 3)
        services.grades_compute(batch=self.batch)
        assert self.grade_of(self.participant).scores[str(self.c["akademik"].pk)] == "75.00"

    def test_attendance_below_the_minimum_fails(self) -> None:
        session_held(self.batch, [self.participant], jp=10)  # Rudi: 10 of 20 JP
        self.score_everyone()
        rate(self.batch, self.c["proyek"], self.examiner, self.participant2, 4)
        services.grades_compute(batch=self.batch)
        rudi = self.grade_of(self.participant2)
        assert rudi.attendance == Decimal("50.00")
        assert (rudi.outcome, rudi.reasons) == (Outcome.FAILED, ["attendance"])

    def test_no_scheme_is_a_clear_error(self) -> None:
        self.batch.programme.components.all().delete()
        with self.assertRaisesMessage(ValidationError, services.ERR_NO_SCHEME):
            services.grades_compute(batch=self.batch)


class ReleaseAndCloseTests(GradingCase):
    def released(self) -> None:
        self.score_everyone()
        services.grades_compute(batch=self.batch)
        services.grades_release(batch=self.batch, by=self.organiser)

    def test_release_opens_the_objection_window_and_closing_needs_answers(self) -> None:
        with self.assertRaisesMessage(ValidationError, services.ERR_NOT_RELEASED):
            services.batch_close(batch=self.batch, by=self.organiser)
        self.released()
        state = BatchGrading.objects.get(batch=self.batch)
        assert state.objections_open()
        objection = services.objection_file(
            grade=self.grade_of(self.participant), text="Nilai sikap saya?", by=self.participant
        )
        with self.assertRaisesMessage(ValidationError, services.ERR_OPEN_OBJECTIONS):
            services.batch_close(batch=self.batch, by=self.organiser)
        services.objection_answer(objection=objection, answer="Sudah sesuai.", by=self.organiser)
        with self.assertRaisesMessage(ValidationError, services.ERR_ANSWERED):
            services.objection_answer(objection=objection, answer="Lagi", by=self.organiser)
        services.batch_close(batch=self.batch, by=self.organiser)
        self.batch.refresh_from_db()
        assert self.batch.is_closed
        assert AuditEntry.objects.filter(action="grading.batch.close").exists()
        with self.assertRaisesMessage(ValidationError, services.ERR_CLOSED):
            services.grades_compute(batch=self.batch)

    def test_an_empty_objection_or_one_outside_the_window_is_refused(self) -> None:
        self.score_everyone()
        services.grades_compute(batch=self.batch)
        grade = self.grade_of(self.participant)
        with self.assertRaisesMessage(ValidationError, services.ERR_WINDOW):
            services.objection_file(grade=grade, text="Belum dirilis", by=self.participant)
        services.grades_release(batch=self.batch, by=self.organiser)
        with self.assertRaises(ValidationError):
            services.objection_file(grade=grade, text="   ", by=self.participant)
        BatchGrading.objects.filter(batch=self.batch).update(
            objections_until=timezone.now() - timedelta(seconds=1)
        )
        with self.assertRaisesMessage(ValidationError, services.ERR_WINDOW):
            services.objection_file(grade=grade, text="Terlambat", by=self.participant)
        assert not Objection.objects.exists()

    def test_a_correction_after_closing_needs_a_reason_and_is_audited(self) -> None:
        self.released()
        services.batch_close(batch=self.batch, by=self.organiser)
        grade = self.grade_of(self.participant)
        with self.assertRaisesMessage(ValidationError, services.ERR_REASON):
            services.grade_correct(
                grade=grade, component=self.c["proyek"], score="70", reason=" ", by=self.organiser
            )
        with self.assertRaises(ValidationError):
            services.grade_correct(
                grade=grade, component=self.c["proyek"], score="abc", reason="x", by=self.organiser
            )
        grade = services.grade_correct(
            grade=grade,
            component=self.c["proyek"],
            score="70",
            reason="Salah input nilai penguji",
            by=self.organiser,
        )
        # 0.2*100 + 0.2*100 + 0.6*70 = 82
        assert (grade.final_score, grade.predicate) == (Decimal("82.00"), "Memuaskan")
        entry = AuditEntry.objects.get(action="grading.grade.correct")
        assert entry.actor == self.organiser
        assert entry.note == "Salah input nilai penguji"
        assert entry.before["final_score"] == "100.00"
        assert entry.after["final_score"] == "82.00"

    def test_a_correction_before_closing_is_refused(self) -> None:
        self.released()
        with self.assertRaisesMessage(ValidationError, services.ERR_NOT_CLOSED):
            services.grade_correct(
                grade=self.grade_of(self.participant),
                component=self.c["proyek"],
                score="70",
                reason="x",
                by=self.organiser,
            )

    def test_completing_a_ditunda_by_its_deadline_is_not_a_correction(self) -> None:
        self.released()
        services.batch_close(batch=self.batch, by=self.organiser)
        rudi = self.grade_of(self.participant2)
        assert rudi.outcome == Outcome.DEFERRED
        rudi = services.grade_complete_deferred(
            grade=rudi, scores={self.c["proyek"]: "85"}, by=self.organiser
        )
        # 20 + 20 + 0.6*85 = 91
        assert (rudi.outcome, rudi.final_score) == (Outcome.PASSED, Decimal("91.00"))
        assert not AuditEntry.objects.filter(action="grading.grade.correct").exists()
        assert AuditEntry.objects.filter(action="grading.grade.complete_deferred").exists()
        with self.assertRaisesMessage(ValidationError, services.ERR_NOT_DEFERRED):
            services.grade_complete_deferred(
                grade=rudi, scores={self.c["proyek"]: "85"}, by=self.organiser
            )

    def test_completing_a_ditunda_after_its_deadline_is_refused(self) -> None:
        self.released()
        rudi = self.grade_of(self.participant2)
        with self.assertRaisesMessage(ValidationError, services.ERR_DEADLINE):
            services.grade_complete_deferred(
                grade=rudi,
                scores={self.c["proyek"]: "85"},
                by=self.organiser,
                today=rudi.deadline + timedelta(days=1),
            )

    @unittest.skipUnless(HAS_CERTIFICATES, "revmen.certificates offers no certificate_issue yet")
    def test_closing_certifies_lulus_and_tidak_lulus_not_ditunda(self) -> None:
        from revmen.certificates.models import Certificate

        third = self.make_person("Gita Peserta", "199303032018012003", self.agency_a)
        enrol(self.batch, third)  # attended nothing: Tidak Lulus
        self.released()
        services.batch_close(batch=self.batch, by=self.organiser)
        kinds = dict(Certificate.objects.values_list("enrolment__person", "outcome"))
        assert kinds == {self.participant.pk: "lulus", third.pk: "tidak_lulus"}
        grade = services.grade_correct(
            grade=self.grade_of(self.participant),
            component=self.c["proyek"],
            score="70",
            reason="Koreksi",
            by=self.organiser,
        )
        statuses = sorted(
            Certificate.objects.filter(enrolment__person=self.participant).values_list(
                "status", flat=True
            )
        )
        assert statuses == ["superseded", "valid"]
        assert Certificate.objects.get(pk=grade.certificate_id).predicate == "Memuaskan"
        rudi = services.grade_complete_deferred(
            grade=self.grade_of(self.participant2),
            scores={self.c["proyek"]: "85"},
            by=self.organiser,
        )
        assert Certificate.objects.get(pk=rudi.certificate_id).outcome == "lulus"


class CoachAndMentorTests(GradingCase):
    """The scheme may give the coach's and the mentor's assessments their own weight: the
    group's coach rates the group, the mentor rates their own mentee, nobody else."""

    def test_the_coach_and_the_mentor_score_as_the_scheme_says(self) -> None:
        from revmen.training.models import EvaluationComponent

        coach = self.make_person("Hana Coach", "197909092004122006", self.institute)
        enrol(self.batch, coach, BatchRole.COACH)
        group = Group.objects.create(batch=self.batch, name="A", coach=coach)
        self.batch.enrolments.filter(person=self.participant).update(
            group=group, mentor=self.mentor
        )
        proyek = self.c["proyek"]
        proyek.weight = Decimal(40)
        proyek.save()
        extra = {}
        for position, (key, source) in enumerate([("coach", "coach"), ("mentor", "mentor")], 3):
            component = EvaluationComponent.objects.create(
                programme=self.batch.programme, position=position, name=key, weight=Decimal(10)
            )
            services.source_set(component=component, source=source)
            extra[key] = component
        services.rubrics_open(batch=self.batch, by=self.organiser)

        def pairs(key: str) -> set[tuple[int, int]]:
            return set(
                Invitation.objects.filter(administration__rubric__component=extra[key]).values_list(
                    "person", "subject"
                )
            )

        # Rudi has no group: the batch's coaches rate him; he has no mentor: nobody does.
        assert pairs("coach") == {(coach.pk, self.participant.pk), (coach.pk, self.participant2.pk)}
        assert pairs("mentor") == {(self.mentor.pk, self.participant.pk)}
        self.score_everyone()
        rate(self.batch, extra["coach"], coach, self.participant, 4)  # 100
        rate(self.batch, extra["mentor"], self.mentor, self.participant, 3)  # 66.67
        services.grades_compute(batch=self.batch)
        ani = self.grade_of(self.participant)
        # 20 + 20 + 40 + 0.1*100 + 0.1*66.67 = 96.667 -> 96.67
        assert (ani.outcome, ani.final_score) == (Outcome.PASSED, Decimal("96.67"))
        rudi = self.grade_of(self.participant2)
        assert set(rudi.missing) == {proyek.pk, extra["coach"].pk, extra["mentor"].pk}
