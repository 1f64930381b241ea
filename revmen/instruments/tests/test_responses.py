"""Answering: validation, drafts, double submits, and anonymity that survives a table dump."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.front.testing import BaseTestCase
from revmen.instruments.answers import AnswerSheet, apply_post
from revmen.instruments.models import Draft, Invitation, Response, Token, UsedToken
from revmen.instruments.services import (
    ERR_MISSING,
    ERR_NEEDS_KEY,
    AlreadySubmitted,
    draft_load,
    draft_save,
    open_link_token,
    response_submit,
    token_hand_out,
)
from revmen.instruments.tokens import token_hash

from .helpers import administer, attitude_version

FULL = {"B1": "5", "B2": "2", "B3": "4", "M1": "5", "M2": "Lebih cepat melayani."}


def sheet_from(version, data):  # type: ignore[no-untyped-def]
    sheet = AnswerSheet.empty(version.items.count())
    errors = apply_post(sheet, version.items.all(), data)
    return sheet, errors


class AnswerValidationTests(BaseTestCase):
    def test_it_refuses_out_of_range_values_with_a_message_and_keeps_the_old_value(self) -> None:
        version = attitude_version()
        sheet, errors = sheet_from(version, {"B1": "4"})
        errors = apply_post(sheet, version.items.all(), {"B1": "6", "B3": "x", "M1": "0"})
        self.assertEqual(set(errors), {"B1", "B3", "M1"})
        self.assertIn("5", errors["B1"])
        self.assertEqual(sheet.values[0], 4)

    def test_answers_are_stored_as_one_byte_per_item(self) -> None:
        version = attitude_version()
        sheet, errors = sheet_from(version, FULL)
        self.assertEqual(errors, {})
        self.assertEqual(sheet.encode(), bytes([5, 2, 4, 5, 0]))
        self.assertEqual(sheet.texts, {"M2": "Lebih cepat melayani."})


class IdentifiedTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()
        self.administration = administer(self.version, batch=self.batch, purpose="pre")

    def test_participants_of_the_batch_are_invited(self) -> None:
        invited = set(self.administration.invitations.values_list("person__name", flat=True))
        self.assertEqual(invited, {"Ani Peserta", "Rudi Peserta"})

    def test_a_draft_saves_progress_and_is_removed_on_submit(self) -> None:
        sheet, _e = sheet_from(self.version, {"B1": "3"})
        draft_save(self.administration, sheet, person=self.participant)
        loaded = draft_load(self.administration, person=self.participant)
        self.assertEqual(loaded.values[0], 3)
        with self.assertRaisesMessage(ValidationError, _(ERR_MISSING)):
            response_submit(
                administration=self.administration, sheet=loaded, person=self.participant
            )
        full, _e = sheet_from(self.version, FULL)
        response = response_submit(
            administration=self.administration, sheet=full, person=self.participant
        )
        self.assertEqual(response.respondent, self.participant)
        self.assertFalse(Draft.objects.exists())

    def test_a_double_submit_stores_one_response(self) -> None:
        full, _e = sheet_from(self.version, FULL)
        first = response_submit(
            administration=self.administration, sheet=full, person=self.participant
        )
        with self.assertRaises(AlreadySubmitted) as caught:
            response_submit(administration=self.administration, sheet=full, person=self.participant)
        self.assertEqual(caught.exception.response, first)
        self.assertEqual(Response.objects.count(), 1)

    def test_outsiders_and_closed_windows_are_refused(self) -> None:
        full, _e = sheet_from(self.version, FULL)
        with self.assertRaises(ValidationError):
            response_submit(administration=self.administration, sheet=full, person=self.outsider)
        self.administration.closes_at = timezone.now() - timedelta(minutes=1)
        self.administration.save()
        with self.assertRaises(ValidationError):
            response_submit(administration=self.administration, sheet=full, person=self.participant)
        self.assertFalse(Response.objects.exists())

    def test_an_evaluation_about_each_facilitator_records_the_subject(self) -> None:
        evaluation = administer(
            self.version, batch=self.batch, subject="facilitators", identity="confidential"
        )
        self.assertEqual(evaluation.invitations.filter(subject=self.facilitator).count(), 2)
        full, _e = sheet_from(self.version, FULL)
        response = response_submit(
            administration=evaluation, sheet=full, person=self.participant, subject=self.facilitator
        )
        self.assertEqual(
            (response.respondent, response.subject), (self.participant, self.facilitator)
        )


class AnonymityTests(BaseTestCase):
    """Threat model: read access to every application table, now or later."""

    def setUp(self) -> None:
        self.version = attitude_version()
        self.administration = administer(self.version, batch=self.batch, identity="anonymous")

    def key_of(self, person):  # type: ignore[no-untyped-def]
        """The person's key, handed out once (as their browser would keep it)."""
        keys = self.__dict__.setdefault("keys", {})
        if person.pk not in keys:
            invitation = Invitation.objects.get(administration=self.administration, person=person)
            keys[person.pk] = token_hand_out(invitation=invitation)
        return keys[person.pk]

    def submit_as(self, person, data=FULL):  # type: ignore[no-untyped-def]
        key = self.key_of(person)
        sheet, _e = sheet_from(self.version, data)
        draft_save(self.administration, sheet, token=key)
        return response_submit(administration=self.administration, sheet=sheet, key=key)

    def dump(self) -> str:
        """Every row of every application table, as text."""
        lines = []
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names():
                if table.startswith(("django_", "auth_")):
                    continue
                cursor.execute(f'SELECT * FROM "{table}"')
                lines.extend(f"{table}: {row}" for row in cursor.fetchall())
        return "\n".join(lines)

    def test_an_anonymous_response_stores_no_person_token_or_time(self) -> None:
        response = self.submit_as(self.participant)
        response.refresh_from_db()
        self.assertIsNone(response.respondent_id)
        self.assertEqual(str(response.submitted_on), str(timezone.localdate()))
        field_names = {f.name for f in Response._meta.get_fields()}
        self.assertFalse(field_names & {"token", "token_hash", "invitation", "created_at"})

    def test_with_full_table_access_no_answer_can_be_tied_to_a_person(self) -> None:
        self.submit_as(self.participant, {**FULL, "B1": "1"})
        self.submit_as(self.participant2, {**FULL, "B1": "5"})
        dump = self.dump()
        for person in (self.participant, self.participant2):
            key = self.key_of(person)
            self.assertNotIn(key, dump)
            # its hash only among the used keys, which name nobody
            self.assertEqual(dump.count(token_hash(key)), 1)
        self.assertTrue(all(f.name != "person" for f in UsedToken._meta.get_fields()))
        self.assertFalse(Token.objects.filter(administration=self.administration).exists())
        self.assertFalse(Draft.objects.exists())
        # Invitations say who was asked and whether the key went out, never who answered or when.
        invitation_fields = {f.name for f in Invitation._meta.get_fields()}
        self.assertFalse(invitation_fields & {"responded", "answered_at", "response", "token"})
        for row in Response.objects.values():
            self.assertIsNone(row["respondent_id"])
            self.assertIsNone(row["subject_id"])

    def test_no_token_exists_before_a_key_is_handed_out_and_a_key_goes_out_once(self) -> None:
        self.assertFalse(Token.objects.filter(administration=self.administration).exists())
        invitation = Invitation.objects.get(
            administration=self.administration, person=self.participant
        )
        first = token_hand_out(invitation=invitation)
        self.assertIsNotNone(first)
        self.assertIsNone(token_hand_out(invitation=invitation))
        self.assertNotEqual(
            first,
            token_hand_out(
                invitation=Invitation.objects.get(
                    administration=self.administration, person=self.participant2
                )
            ),
        )

    def test_an_anonymous_questionnaire_takes_no_answer_by_person(self) -> None:
        sheet, _e = sheet_from(self.version, FULL)
        with self.assertRaisesMessage(ValidationError, _(ERR_NEEDS_KEY)):
            response_submit(
                administration=self.administration, sheet=sheet, person=self.participant
            )

    def test_a_token_is_used_once(self) -> None:
        self.submit_as(self.participant)
        with self.assertRaises(AlreadySubmitted):
            self.submit_as(self.participant)
        self.assertEqual(Response.objects.count(), 1)

    def test_an_open_link_hands_out_single_use_tokens(self) -> None:
        public = administer(self.version, audience="open_link", identity="anonymous")
        token = open_link_token(administration=public)
        sheet, _e = sheet_from(self.version, FULL)
        response_submit(administration=public, sheet=sheet, token=token)
        with self.assertRaises(AlreadySubmitted):
            response_submit(administration=public, sheet=sheet, token=token)
        self.assertEqual(public.responses.count(), 1)
