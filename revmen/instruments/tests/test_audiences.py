"""Audiences and subjects: today's behaviour, and new ones registered from outside the engine."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.instruments import audiences
from revmen.instruments.audiences import (
    AUDIENCES,
    SUBJECTS,
    AudienceType,
    SubjectType,
    enrolled,
    register_audience,
    register_subject,
)
from revmen.instruments.forms import AdministrationForm
from revmen.instruments.models import Administration
from revmen.training.models import Batch, BatchRole
from revmen.training.services import staff_assign

from .helpers import administer, attitude_version


class Examiners(AudienceType):
    code = "test_examiners"
    label = "The batch's examiners"  # a plain str: no msgid for a test label

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return enrolled(batch, BatchRole.EXAMINER)


class ExaminerSubjects(SubjectType):
    code = "test_examiners"
    label = "Each examiner of the batch"

    def subjects(self, batch: Batch | None) -> list[Person | None]:
        return list(enrolled(batch, BatchRole.EXAMINER))


class PublicLink(AudienceType):
    code = "test_public"
    label = "Visitors of a service unit"
    needs_batch = False
    open_link = True

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return []


class AudienceTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()

    def register(self, cls: type[Any]) -> None:
        """Register a type for this test only, as an app above instruments would."""
        if issubclass(cls, AudienceType):
            register_audience(cls)
            self.addCleanup(AUDIENCES.pop, cls.code)
        else:
            register_subject(cls)
            self.addCleanup(SUBJECTS.pop, cls.code)

    def pairs(self, administration: Administration) -> set[tuple[int, int | None]]:
        return set(administration.invitations.values_list("person", "subject"))

    def refusal(self, **kwargs: Any) -> dict[str, list[str]]:
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            administer(self.version, **kwargs)
        self.assertFalse(Administration.objects.exists())
        return caught.exception.message_dict


class TodaysAudiencesTests(AudienceTestCase):
    def test_it_lists_todays_audiences_and_subjects_in_order_with_their_labels(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                [(code, str(label)) for code, label in audiences.audience_choices()],
                [
                    ("participants", "The batch's participants"),
                    ("mentors", "The batch's mentors"),
                    ("people", "Chosen people"),
                    ("open_link", "Anyone with the link (anonymous)"),
                    # answers imported from LimeSurvey or Google Forms (never offered on forms)
                    ("imported", "Imported from another survey tool"),
                ],
            )
            self.assertEqual(
                [(code, str(label)) for code, label in audiences.subject_choices()],
                [
                    ("none", "Nobody in particular"),
                    ("facilitators", "Each facilitator of the batch"),
                    ("participants", "Each participant of the batch"),
                ],
            )

    def test_it_asks_the_active_participants_about_nobody(self) -> None:
        administration = administer(self.version, batch=self.batch)
        self.assertEqual(
            self.pairs(administration), {(self.participant.pk, None), (self.participant2.pk, None)}
        )
        self.assertIsNone(administration.public_key)

    def test_it_leaves_out_inactive_enrolments(self) -> None:
        self.batch.enrolments.filter(person=self.participant2).update(is_active=False)
        administration = administer(self.version, batch=self.batch)
        self.assertEqual(self.pairs(administration), {(self.participant.pk, None)})

    def test_it_asks_the_mentors(self) -> None:
        administration = administer(self.version, batch=self.batch, audience="mentors")
        self.assertEqual(self.pairs(administration), {(self.mentor.pk, None)})

    def test_it_asks_chosen_people_with_or_without_a_batch(self) -> None:
        chosen = [self.outsider, self.head]
        administration = administer(self.version, audience="people", people=chosen)
        self.assertEqual(
            self.pairs(administration), {(self.outsider.pk, None), (self.head.pk, None)}
        )

    def test_an_open_link_invites_nobody_and_gets_a_public_key(self) -> None:
        administration = administer(self.version, audience="open_link", identity="anonymous")
        self.assertFalse(administration.invitations.exists())
        self.assertFalse(administration.tokens.exists())
        self.assertTrue(administration.public_key)

    def test_an_identified_open_link_is_refused_by_the_constraint(self) -> None:
        errors = self.refusal(audience="open_link")
        self.assertIn("administration_open_link_is_anonymous", str(errors))

    def test_participants_rate_each_facilitator(self) -> None:
        administration = administer(self.version, batch=self.batch, subject="facilitators")
        self.assertEqual(
            self.pairs(administration),
            {
                (self.participant.pk, self.facilitator.pk),
                (self.participant2.pk, self.facilitator.pk),
            },
        )

    def test_participants_rate_each_other_but_never_themselves(self) -> None:
        administration = administer(self.version, batch=self.batch, subject="participants")
        self.assertEqual(
            self.pairs(administration),
            {
                (self.participant.pk, self.participant2.pk),
                (self.participant2.pk, self.participant.pk),
            },
        )

    def test_anonymous_rating_hands_out_keys_about_the_subject(self) -> None:
        from revmen.instruments.answers import AnswerSheet
        from revmen.instruments.services import response_submit, token_hand_out

        administration = administer(
            self.version, batch=self.batch, subject="facilitators", identity="anonymous"
        )
        self.assertEqual(administration.tokens.count(), 0)  # keys are handed out, not stored
        invitation = administration.invitations.get(person=self.participant)
        key = token_hand_out(invitation=invitation)
        n_items = administration.version.items.count()
        values = [
            1 if not item.is_text else 0
            for item in administration.version.items.order_by("position")
        ]
        self.assertEqual(len(values), n_items)
        response = response_submit(
            administration=administration,
            sheet=AnswerSheet(values=values),
            key=key,
            subject=invitation.subject,
        )
        self.assertEqual((response.respondent, response.subject), (None, self.facilitator))

    def test_a_batch_audience_without_a_batch_is_refused(self) -> None:
        for audience in ("participants", "mentors"):
            self.assertEqual(
                self.refusal(audience=audience), {"batch": ["This audience needs a batch."]}
            )

    def test_rating_people_without_a_batch_is_refused(self) -> None:
        for subject in ("facilitators", "participants"):
            errors = self.refusal(audience="people", people=[self.head], subject=subject)
            self.assertEqual(
                errors, {"subject": ["Rating facilitators or participants needs a batch."]}
            )

    def test_an_unregistered_code_is_refused_as_a_bad_choice(self) -> None:
        self.assertIn("audience", self.refusal(batch=self.batch, audience="examiners"))
        self.assertIn("subject", self.refusal(batch=self.batch, subject="examiners"))


class RegisteredAudiencesTests(AudienceTestCase):
    def setUp(self) -> None:
        super().setUp()
        staff_assign(batch=self.batch, person=self.head, role=BatchRole.EXAMINER)

    def test_a_registered_audience_asks_its_people_about_a_built_in_subject(self) -> None:
        self.register(Examiners)
        administration = administer(
            self.version,
            batch=self.batch,
            audience="test_examiners",
            subject="participants",
            identity="anonymous",
        )
        self.assertEqual(
            self.pairs(administration),
            {(self.head.pk, self.participant.pk), (self.head.pk, self.participant2.pk)},
        )
        self.assertEqual(administration.tokens.count(), 0)
        self.assertEqual(Administration.objects.get().audience, "test_examiners")

    def test_a_registered_subject_is_what_built_in_audiences_answer_about(self) -> None:
        self.register(ExaminerSubjects)
        administration = administer(self.version, batch=self.batch, subject="test_examiners")
        self.assertEqual(
            self.pairs(administration),
            {(self.participant.pk, self.head.pk), (self.participant2.pk, self.head.pk)},
        )

    def test_a_registered_audience_needs_a_batch_unless_it_says_otherwise(self) -> None:
        self.register(Examiners)
        errors = self.refusal(audience="test_examiners")
        self.assertEqual(errors, {"batch": ["This audience needs a batch."]})

    def test_a_registered_open_link_is_anonymous_and_public(self) -> None:
        self.register(PublicLink)
        errors = self.refusal(audience="test_public")
        self.assertEqual(errors, {"identity": ["An open link is always anonymous."]})
        administration = administer(self.version, audience="test_public", identity="anonymous")
        self.assertTrue(administration.public_key)
        self.assertFalse(administration.invitations.exists())

    def test_the_form_offers_registered_ones_and_applies_their_rules(self) -> None:
        self.register(Examiners)
        self.register(PublicLink)
        with translation.override("en"):
            form = AdministrationForm(batch=self.batch)
            self.assertIn(
                ("test_examiners", "The batch's examiners"),
                [(c, str(label)) for c, label in form.fields["audience"].choices],
            )
            data = {
                "version": self.version.pk,
                "title": "Terbuka",
                "purpose": "skm",
                "audience": "test_public",
                "subject": "participants",
                "identity": "identified",
                "opens_at": "2026-11-01T08:00",
                "closes_at": "2026-12-31T17:00",
            }
            form = AdministrationForm(data, batch=self.batch)
            self.assertFalse(form.is_valid())
            self.assertEqual(form.errors["identity"], ["An open link is always anonymous."])
            self.assertEqual(form.errors["subject"], ["An open link cannot be about a person."])

    def test_the_batch_page_opens_a_registered_audience_end_to_end(self) -> None:
        self.register(Examiners)
        self.register(ExaminerSubjects)
        self.login(self.organiser)
        url = f"/batches/{self.batch.code}/questionnaires/"
        data = {
            "version": self.version.pk,
            "title": "Penilaian penguji",
            "purpose": "evaluation",
            "audience": "test_examiners",
            "subject": "participants",
            "identity": "confidential",
            "opens_at": "2026-11-01T08:00",
            "closes_at": "2026-12-31T17:00",
        }
        self.assertRedirects(self.client.post(url, data), url)
        administration = Administration.objects.get()
        self.assertEqual(
            self.pairs(administration),
            {(self.head.pk, self.participant.pk), (self.head.pk, self.participant2.pk)},
        )
        data.update(title="Umpan balik penguji", audience="participants", subject="test_examiners")
        self.assertRedirects(self.client.post(url, data), url)
        # A test label has no translation: the page shows it as written.
        self.assertContains(self.client.get(url), "Each examiner of the batch")

    def test_it_refuses_a_code_twice_or_too_long(self) -> None:
        class Twice(Examiners):
            code = "participants"

        class TooLong(Examiners):
            code = "x" * (audiences.CODE_LENGTH + 1)

        for cls in (Twice, TooLong):
            with self.assertRaises(ValueError):
                register_audience(cls)
        self.assertIsInstance(AUDIENCES["participants"], audiences.Participants)
        self.assertNotIn(TooLong.code, AUDIENCES)
