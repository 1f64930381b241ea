"""Writes of the instrument engine: administrations, invitations, tokens, drafts, responses."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Agency, Person
from revmen.training.models import Batch

from .answers import AnswerSheet, missing_required
from .audiences import (
    ERR_OPEN_LINK_ANONYMOUS,
    NOBODY,
    audience_for,
    respondents_for,
    subjects_for,
)
from .models import (
    Administration,
    Draft,
    IdentityMode,
    Invitation,
    Response,
    Token,
    UsedToken,
    Version,
)
from .tokens import handout_key, random_token, token_hash

ERR_CLOSED = gettext_noop("This questionnaire is not open.")
ERR_TOKEN_USED = gettext_noop("This link has been used already or is not valid.")
ERR_NOT_INVITED = gettext_noop("You are not invited to answer this questionnaire.")
ERR_MISSING = gettext_noop("Some required questions are not answered yet.")
ERR_NEEDS_KEY = gettext_noop(
    "This questionnaire is anonymous: answer it in the browser where you first opened it."
)


class AlreadySubmitted(Exception):
    """A second submit of the same answer sheet; the first one is kept."""

    def __init__(self, response: Response | None) -> None:
        super().__init__("already submitted")
        self.response = response


@transaction.atomic
def administration_create(
    *,
    version: Version,
    title: str,
    audience: str,
    identity: str,
    opens_at: datetime,
    closes_at: datetime,
    purpose: str = "other",
    subject: str = NOBODY,
    batch: Batch | None = None,
    agency: Agency | None = None,
    people: list[Person] | None = None,
    created_by: Person | None = None,
) -> Administration:
    """Open an instrument to an audience: one invitation per (person, subject), never about
    oneself. Who is asked and about whom is the registered audience and subject
    (``audiences.py``); a code nobody registered is refused by ``full_clean``.

    Anonymous administrations get no tokens here: each invitee's key is random and handed out
    when they first open the questionnaire (``token_hand_out``).
    """
    administration = Administration(
        version=version,
        title=title,
        purpose=purpose,
        audience=audience,
        identity=identity,
        subject=subject,
        batch=batch,
        agency=agency,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=created_by,
    )
    administration.full_clean()
    if audience_for(audience).open_link:
        # The model's constraint names the built-in open link only; this covers them all.
        if identity != IdentityMode.ANONYMOUS:
            raise ValidationError({"identity": _(ERR_OPEN_LINK_ANONYMOUS)})
        administration.public_key = secrets.token_urlsafe(12)
    respondents = respondents_for(audience, batch, people)
    subjects = subjects_for(subject, batch)
    administration.save()
    invitations = [
        Invitation(administration=administration, person=person, subject=about)
        for person in respondents
        for about in subjects
        if about is None or about.pk != person.pk
    ]
    Invitation.objects.bulk_create(invitations)
    return administration


def hand_out_once(holder: Invitation | models.Model) -> str | None:
    """A random key for whoever ``holder`` stands for (an invitation, a 360° peer), once:
    ``None`` if it was handed out already (to another browser, or this one before its cookie
    was lost). ``holder``'s model has a boolean ``handed_out``.

    The key is stored nowhere: the caller puts it into the browser's signed cookie. This
    transaction writes the flag and nothing else, so it shares no transaction id with the
    answer the key will carry; of two browsers opening at once, one gets the key.
    """
    with transaction.atomic():
        won = (
            type(holder)
            ._default_manager.filter(pk=holder.pk, handed_out=False)
            .update(handed_out=True)
        )
    if won != 1:
        return None
    holder.handed_out = True  # type: ignore[union-attr]
    return handout_key()


def token_hand_out(*, invitation: Invitation) -> str | None:
    """The invitee's key to an anonymous questionnaire, once (``hand_out_once``)."""
    return hand_out_once(invitation)


def key_used(*, administration: Administration, key: str) -> bool:
    return UsedToken.objects.filter(
        administration=administration, token_hash=token_hash(key)
    ).exists()


def open_link_token(*, administration: Administration) -> str:
    """A fresh single-use token for one visitor of an open (anonymous) link."""
    if not administration.is_open():
        raise ValidationError(_(ERR_CLOSED))
    token = random_token(administration.pk)
    Token.objects.create(administration=administration, token_hash=token_hash(token))
    return token


def token_get(token: str) -> Token | None:
    return (
        Token.objects.select_related("administration__version", "subject", "unit")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_get(
    *, administration: Administration, person: Person, subject: Person | None
) -> Invitation | None:
    return Invitation.objects.filter(
        administration=administration, person=person, subject=subject
    ).first()


def _draft_lookup(
    administration: Administration,
    *,
    person: Person | None,
    subject: Person | None,
    token: str | None,
) -> dict[str, Any]:
    if token is not None:
        return {"administration": administration, "token_hash": token_hash(token)}
    return {"administration": administration, "person": person, "subject": subject}


def draft_load(
    administration: Administration,
    *,
    person: Person | None = None,
    subject: Person | None = None,
    token: str | None = None,
) -> AnswerSheet:
    n_items = administration.version.items.count()
    draft = Draft.objects.filter(
        **_draft_lookup(administration, person=person, subject=subject, token=token)
    ).first()
    if draft is None:
        return AnswerSheet.empty(n_items)
    return AnswerSheet.from_stored(draft.answers, draft.texts, n_items)


def draft_save(
    administration: Administration,
    sheet: AnswerSheet,
    *,
    person: Person | None = None,
    subject: Person | None = None,
    token: str | None = None,
) -> None:
    lookup = _draft_lookup(administration, person=person, subject=subject, token=token)
    Draft.objects.update_or_create(
        **lookup, defaults={"answers": sheet.encode(), "texts": sheet.texts}
    )


def response_submit(
    *,
    administration: Administration,
    sheet: AnswerSheet,
    person: Person | None = None,
    subject: Person | None = None,
    token: str | None = None,
    key: str | None = None,
) -> Response:
    """Store one response: as ``person`` (identified, confidential), with a wave's or an open
    link's ``token``, or with a handed-out ``key`` (anonymous questionnaires; ``subject`` is
    whom it is about). Anonymous answers get a random primary key, a date and no link to anyone.

    Raises ``ValidationError`` (closed, not invited, required answers missing, anonymous without
    a key) or ``AlreadySubmitted`` (double submit: the first response stands).
    """
    if not administration.is_open():
        raise ValidationError(_(ERR_CLOSED))
    items = list(administration.version.items.all())
    if missing_required(sheet, items):
        raise ValidationError(_(ERR_MISSING))
    today = timezone.localdate()
    if token is not None:
        return submit_anonymous(administration, sheet, token, today)
    if key is not None:
        return submit_with_key(administration, sheet, key, subject, today)
    if administration.identity == IdentityMode.ANONYMOUS:
        raise ValidationError(_(ERR_NEEDS_KEY))
    if (
        person is None
        or invitation_get(administration=administration, person=person, subject=subject) is None
    ):
        raise ValidationError(_(ERR_NOT_INVITED))
    try:
        with transaction.atomic():
            response = Response.objects.create(
                administration=administration,
                respondent=person,
                subject=subject,
                answers=sheet.encode(),
                texts=sheet.texts,
                submitted_on=today,
            )
            Draft.objects.filter(
                administration=administration, person=person, subject=subject
            ).delete()
    except IntegrityError:
        existing = Response.objects.filter(
            administration=administration, respondent=person, subject=subject
        ).first()
        raise AlreadySubmitted(existing) from None
    return response


def submit_with_key(
    administration: Administration,
    sheet: AnswerSheet,
    key: str,
    subject: Person | None,
    today: date,
) -> Response:
    """One transaction: remember the key's hash as used (a second use fails on its primary
    key), forget the draft saved under it, insert the answer. Nothing on a person's side.

    On PostgreSQL that is one statement (``KEYED_SQL``), which also checks the window by the
    database's clock: a period closed a moment ago takes no answer.
    """
    hashed = token_hash(key)
    response = Response(
        id=uuid.uuid4(),
        administration=administration,
        respondent=None,
        subject=subject,
        answers=sheet.encode(),
        texts=sheet.texts,
        submitted_on=today,
    )
    if connection.vendor == "postgresql":
        _submit_keyed_postgresql(response, hashed)
        return response
    moment = timezone.now()
    try:
        with transaction.atomic():
            UsedToken.objects.create(token_hash=hashed, administration=administration)
            if not Administration.objects.filter(
                pk=administration.pk, opens_at__lte=moment, closes_at__gt=moment
            ).exists():
                raise ValidationError(_(ERR_CLOSED))  # the atomic block rolls back
            Draft.objects.filter(administration=administration, token_hash=hashed).delete()
            response.save(force_insert=True)
            return response
    except IntegrityError:
        raise AlreadySubmitted(None) from None


# The anonymous answer as the engine's raw statements write it (the intake's ``ACCEPT_SQL`` and
# ``KEYED_SQL`` below): every column of the response row and what goes in it, the
# administration, subject and unit from the statement's ``used`` row. A column the model gains
# must be given its value here (``culture/tests/test_sql_columns.py`` fails until it is).
RESPONSE_VALUES = {
    "id": "%(id)s",
    "administration_id": "used.administration_id",
    "respondent_id": "NULL",
    "subject_id": "used.subject_id",
    "unit_id": "used.unit_id",
    "answers": "%(answers)s",
    "texts": "%(texts)s",
    "submitted_on": "%(submitted_on)s",
    "folded": "false",
}
RESPONSE_COLUMNS, RESPONSE_SELECT = ", ".join(RESPONSE_VALUES), ", ".join(RESPONSE_VALUES.values())
KEYED_SQL = f"""
WITH used AS (
    INSERT INTO instruments_usedtoken (token_hash, administration_id)
    SELECT %(hash)s, a.id FROM instruments_administration a
    WHERE a.id = %(administration)s
      AND a.opens_at <= statement_timestamp() AND statement_timestamp() < a.closes_at
    ON CONFLICT (token_hash) DO NOTHING
    RETURNING administration_id, %(subject)s::bigint AS subject_id, NULL::bigint AS unit_id
), forgotten AS (
    DELETE FROM instruments_draft d
    WHERE d.token_hash = %(hash)s AND d.administration_id = %(administration)s
      AND EXISTS (SELECT 1 FROM used)
)
INSERT INTO instruments_response ({RESPONSE_COLUMNS})
SELECT {RESPONSE_SELECT}
FROM used
RETURNING id
"""


def response_params(response: Response, hashed: str) -> dict[str, Any]:
    """The parameters of ``KEYED_SQL`` and the intake's ``ACCEPT_SQL`` for ``response``."""
    from psycopg.types.json import Jsonb

    return {
        "hash": hashed,
        "administration": response.administration_id,
        "id": response.id,
        "subject": response.subject_id,
        "answers": response.answers,
        "texts": Jsonb(response.texts),
        "submitted_on": response.submitted_on,
    }


def _submit_keyed_postgresql(response: Response, hashed: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(KEYED_SQL, response_params(response, hashed))
        stored = cursor.fetchone() is not None
        if stored:
            return
        cursor.execute("SELECT 1 FROM instruments_usedtoken WHERE token_hash = %s", [hashed])
        used = cursor.fetchone() is not None
    if used:
        raise AlreadySubmitted(None)
    raise ValidationError(_(ERR_CLOSED))


def submit_anonymous(
    administration: Administration, sheet: AnswerSheet, token: str, today: date
) -> Response:
    hashed = token_hash(token)
    with transaction.atomic():
        row = Token.objects.filter(administration=administration, token_hash=hashed).first()
        # Deleting by key consumes the token exactly once, even under concurrent submits.
        consumed = Token.objects.filter(pk=row.pk).delete()[0] if row is not None else 0
        if row is None or consumed == 0:
            raise AlreadySubmitted(None)
        subject_id, unit_id = row.subject_id, row.unit_id
        Draft.objects.filter(administration=administration, token_hash=hashed).delete()
        response = Response.objects.create(
            administration=administration,
            respondent=None,
            subject_id=subject_id,
            unit_id=unit_id,
            answers=sheet.encode(),
            texts=sheet.texts,
            submitted_on=today,
        )
    return response
