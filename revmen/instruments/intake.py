"""The intake endpoint: one request carries a whole answer sheet for a single-use token.

``POST /api/answers/<token>/`` with form fields named by item code. This is the path a national
culture wave takes (an answer page on a phone, or an offline client), so it does only what
accepting an answer needs, in as few round trips to the database as it can:

    the administration from the token's prefix (older tokens: one lookup)
    validate the answers by its cached question-type rules         (else: 400)
    one statement: DELETE the token, DELETE any draft under it,
    INSERT the response (random key, date, no person)              (else: 410, or 403 if closed)

Nothing else is written or queued per answer: the periodic ``culture.fold`` job folds new
answers in batches, so no aggregate row, task row or time of day belongs to one answer.

Failed attempts (unknown or used tokens, invalid sheets) count against the caller's IP
(``INTAKE_FAILURE_RATE_LIMIT``); an address over the limit is refused until its window ends.
Answers are otherwise not rate limited, because a whole office may answer from behind one
address, and the success path touches no cache at all.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from revmen.core import ratelimits

from .answers import AnswerSheet
from .models import Administration, Item, Response
from .qtypes import Rule, read_sheet
from .services import (
    ERR_CLOSED,
    ERR_TOKEN_USED,
    RESPONSE_COLUMNS,
    RESPONSE_SELECT,
    RESPONSE_VALUES,  # noqa: F401 - the column test reads it here
    AlreadySubmitted,
    response_params,
    submit_anonymous,
)
from .tokens import token_hash


@dataclass(frozen=True)
class Sheet:
    """What validation needs of an administration, cached per process (versions are frozen)."""

    opens_at: datetime
    closes_at: datetime
    width: int
    rules: tuple[Rule, ...]  # each item's question type, asked once here, not per request


@lru_cache(maxsize=256)
def sheet_for(administration_id: int) -> Sheet:
    """Raises ``Administration.DoesNotExist`` (never cached: an administration created later
    must be found then)."""
    administration = Administration.objects.get(pk=administration_id)
    items = list(Item.objects.filter(version_id=administration.version_id).order_by("position"))
    return Sheet(
        opens_at=administration.opens_at,
        closes_at=administration.closes_at,
        width=len(items),
        rules=tuple(i.qtype.rule(i) for i in items),
    )


# Translated when the response is written (the caller's language), so lazy; the keys are what
# clients read and never change.
GONE = {"token": gettext_lazy(ERR_TOKEN_USED)}
NOT_OPEN = {"token": gettext_lazy(ERR_CLOSED)}


class Rejected(Exception):
    def __init__(self, status: int, errors: Mapping[str, str | Promise]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors


def _read(sheet: Sheet, data: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    answers, texts, errors = read_sheet(sheet.rules, sheet.width, data)
    if errors:
        raise Rejected(400, errors)
    return answers, texts


def _administration_of(token: str) -> int | None:
    """The administration a token names in its prefix (``<id>.<random>``), if it has one.

    Only a hint that saves a lookup: the token's hash covers the prefix, and the write below
    matches both, so a changed prefix finds no token.
    """
    head, dot, _rest = token.partition(".")
    return int(head) if dot and head.isascii() and head.isdigit() and len(head) < 12 else None


def _lookup(hashed: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT administration_id FROM instruments_token WHERE token_hash = %s", [hashed]
        )
        found = cursor.fetchone()
    if found is None:
        raise Rejected(410, GONE)
    return int(found[0])


def _accept(token: str, data: dict[str, str]) -> Response:
    """Validate against the cached item list, then consume the token and store the answers."""
    now = timezone.now()
    hashed = token_hash(token)
    administration_id = _administration_of(token) or _lookup(hashed)
    try:
        sheet = sheet_for(administration_id)
        if not sheet.opens_at <= now < sheet.closes_at:
            raise Rejected(403, NOT_OPEN)
        answers, texts = _read(sheet, data)
    except Administration.DoesNotExist:
        raise Rejected(410, GONE) from None
    except Rejected:
        # A made-up token learns nothing about a questionnaire (its items, its window): 410.
        _lookup(hashed)
        raise
    response = Response(
        id=uuid.uuid4(),
        administration_id=administration_id,
        answers=answers,
        texts=texts,
        folded=False,
        submitted_on=timezone.localdate(now),
    )
    if connection.vendor != "postgresql":
        return _write_portable(response, token)
    _write_postgresql(response, hashed)
    return response


# PostgreSQL: the whole write is one prepared statement, atomic and durable on its own (autocommit):
# the token is deleted (once: a concurrent second use deletes nothing), any saved progress under it
# is deleted (it would tie the answers to whoever holds the token), and the response is inserted,
# only while the administration's window is open by the database's clock (closing is seen at once,
# whatever a worker's cached copy says). One round trip instead of six.
#
# The response row's columns and values are the engine's (``services.RESPONSE_VALUES``).
ACCEPT_SQL = f"""
WITH used AS (
    DELETE FROM instruments_token t
    WHERE t.token_hash = %(hash)s AND t.administration_id = %(administration)s
      AND EXISTS (
        SELECT 1 FROM instruments_administration a
        WHERE a.id = %(administration)s
          AND a.opens_at <= statement_timestamp() AND statement_timestamp() < a.closes_at
      )
    RETURNING t.administration_id, t.subject_id, t.unit_id
), forgotten AS (
    DELETE FROM instruments_draft d
    WHERE d.token_hash = %(hash)s AND d.administration_id = %(administration)s
      AND EXISTS (SELECT 1 FROM used)
)
INSERT INTO instruments_response ({RESPONSE_COLUMNS})
SELECT {RESPONSE_SELECT}
FROM used
RETURNING subject_id, unit_id
"""


def _write_postgresql(response: Response, hashed: str) -> None:
    import psycopg

    params = response_params(response, hashed)
    # Straight on the driver's connection, bypassing Django's per-request health check (a
    # SELECT 1 round trip): a broken connection shows as an error here instead, and the request
    # then takes Django's path, which reconnects. Server-side binding lets PostgreSQL keep the
    # plan (psycopg prepares a statement it has seen a few times on this connection).
    connection.ensure_connection()
    try:
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(ACCEPT_SQL, params, prepare=True)
            row = cursor.fetchone()
    except (psycopg.OperationalError, psycopg.InterfaceError):
        raw = connection.connection
        if connection.in_atomic_block or not (raw is None or raw.closed or raw.broken):
            raise  # a timeout or a deadlock, not a dead connection: no second try
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(ACCEPT_SQL, params)
            row = cursor.fetchone()
    if row is None:
        raise _why_not_written(response.administration_id, hashed)
    response.subject_id, response.unit_id = row


def _write_portable(response: Response, token: str) -> Response:
    """Databases without data-modifying WITH (SQLite): the engine's own anonymous submit."""
    administration = Administration.objects.get(pk=response.administration_id)
    if not administration.is_open():
        raise Rejected(403, NOT_OPEN)
    sheet = AnswerSheet(values=list(response.answers), texts=response.texts)
    try:
        return submit_anonymous(administration, sheet, token, response.submitted_on)
    except AlreadySubmitted:
        raise Rejected(410, GONE) from None


def _why_not_written(administration_id: int, hashed: str) -> Rejected:
    """After a write that stored nothing: closed in the meantime, or no such token."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM instruments_token WHERE token_hash = %s AND administration_id = %s",
            [hashed, administration_id],
        )
        return Rejected(403, NOT_OPEN) if cursor.fetchone() else Rejected(410, GONE)


# Addresses over the failure limit, refused locally (no cache round trip) until the window ends.
_blocked: dict[str, float] = {}


@csrf_exempt  # the single-use token is the credential; no cookie is read
@require_POST
def intake(request: HttpRequest, token: str) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if settings.RATELIMIT_ENABLE and _blocked.get(address, 0.0) > time.monotonic():
        return _too_many()
    try:
        _accept(token, _fields(request))
    except Rejected as rejected:
        if ratelimits.failed(request, "INTAKE_FAILURE_RATE_LIMIT"):
            window = ratelimits.window_seconds(settings.INTAKE_FAILURE_RATE_LIMIT)
            _blocked[address] = time.monotonic() + window
            return _too_many()
        return JsonResponse({"errors": rejected.errors}, status=rejected.status)
    return HttpResponse(ACCEPTED, status=201, content_type="application/json")


ACCEPTED = json.dumps({"accepted": True})


def _too_many() -> JsonResponse:
    message = _("Too many failed attempts. Please wait and try again.")
    return JsonResponse({"errors": {"rate": message}}, status=429)


def _fields(request: HttpRequest) -> dict[str, str]:
    """The submitted fields: a form body (read straight, a third the cost of ``request.POST``),
    a JSON object, or multipart through Django. Limits are Django's upload settings."""
    content_type = request.content_type or ""
    try:
        if content_type == "application/x-www-form-urlencoded":
            pairs = parse_qsl(
                request.body.decode(),
                keep_blank_values=True,
                max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            )
            return dict(pairs)
        if content_type == "application/json":
            body = json.loads(request.body or b"{}")
            if not isinstance(body, dict):
                raise ValueError("not an object")
            # a list (the options of a several-choices item) in the spelling its type reads
            return {
                str(k): ",".join(map(str, v)) if isinstance(v, list) else str(v)
                for k, v in body.items()
            }
        return request.POST.dict()
    except (ValueError, UnicodeDecodeError, SuspiciousOperation) as error:
        # SuspiciousOperation: too many fields or too large a body (Django's upload limits)
        message = _("The request is not a readable form or JSON object.")
        raise Rejected(400, {"body": message}) from error
