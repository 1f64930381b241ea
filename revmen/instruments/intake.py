"""The intake endpoint: one request carries a whole answer sheet for a single-use token.

``POST /api/answers/<token>/`` with form fields named by item code. This is the path a national
culture wave takes (an answer page on a phone, or an offline client), so it does only what
accepting an answer needs, and keeps the transaction short:

    look the token up and validate the answers (cached item list)  (else: 410 or 400)
    DELETE FROM token … RETURNING subject, unit                     (the token is used once)
    INSERT the response (random key, date, no person)               (durable on COMMIT)

Failed attempts (unknown or used tokens, invalid sheets) count against the caller's IP
(``INTAKE_FAILURE_RATE_LIMIT``); an address over the limit is refused until its window ends.
Answers are otherwise not rate limited, because a whole office may answer from behind one
address, and the success path touches no cache at all.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from .models import Administration, Item, ItemKind, Response
from .services import AFTER_SUBMIT
from .tokens import token_hash

MAX_TEXT = 4000


@dataclass(frozen=True)
class Sheet:
    """What validation needs of an administration, cached per process (versions are frozen)."""

    opens_at: datetime
    closes_at: datetime
    width: int
    items: tuple[tuple[str, int, int, bool, bool], ...]  # code, position, max, required, text


@lru_cache(maxsize=256)
def sheet_for(administration_id: int) -> Sheet:
    administration = Administration.objects.get(pk=administration_id)
    items = list(Item.objects.filter(version_id=administration.version_id).order_by("position"))
    return Sheet(
        opens_at=administration.opens_at,
        closes_at=administration.closes_at,
        width=len(items),
        items=tuple(
            (
                i.code,
                i.position,
                i.max_value,
                i.required,
                i.kind in (ItemKind.SHORT_TEXT, ItemKind.LONG_TEXT),
            )
            for i in items
        ),
    )


class Rejected(Exception):
    def __init__(self, status: int, errors: dict[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors


def _read(sheet: Sheet, data: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    values = bytearray(sheet.width)
    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    for code, position, top, required, is_text in sheet.items:
        raw = (data.get(code) or "").strip()
        if is_text:
            if len(raw) > MAX_TEXT:
                errors[code] = f"at most {MAX_TEXT} characters"
            elif raw:
                texts[code] = raw
            continue
        if raw:
            value = int(raw) if raw.isdigit() else 0
            if not 1 <= value <= top:
                errors[code] = f"choose a value from 1 to {top}"
                continue
            values[position] = value
        elif required:
            errors[code] = "required"
    if errors:
        raise Rejected(400, errors)
    return bytes(values), texts


def _accept(token: str, data: dict[str, str]) -> Response:
    """Check the sheet first, outside any transaction, then write in one short transaction."""
    now = timezone.now()
    hashed = token_hash(token)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT administration_id FROM instruments_token WHERE token_hash = %s", [hashed]
        )
        found = cursor.fetchone()
    if found is None:
        raise Rejected(410, {"token": "used already or not valid"})
    sheet = sheet_for(found[0])
    if not sheet.opens_at <= now < sheet.closes_at:
        raise Rejected(403, {"token": "the questionnaire is not open"})
    answers, texts = _read(sheet, data)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM instruments_token WHERE token_hash = %s "
            "RETURNING administration_id, subject_id, unit_id",
            [hashed],
        )
        row = cursor.fetchone()
        if row is None:  # used by a concurrent request since the check above
            raise Rejected(410, {"token": "used already or not valid"})
        administration_id, subject_id, unit_id = row
        # Saved progress under this token would tie the answers to whoever holds the token.
        cursor.execute(
            "DELETE FROM instruments_draft WHERE administration_id = %s AND token_hash = %s",
            [administration_id, hashed],
        )
        response = Response(
            id=uuid.uuid4(),
            administration_id=administration_id,
            subject_id=subject_id,
            unit_id=unit_id,
            answers=answers,
            texts=texts,
            folded=False,
            submitted_on=timezone.localdate(now),
        )
        cursor.execute(INSERT_SQL, _insert_values(response))
        for hook in AFTER_SUBMIT:
            transaction.on_commit(lambda hook=hook: hook(response))  # type: ignore[misc]
    return response


# One plain INSERT (the ORM's create() costs more than the rest of the request put together).
INSERT_FIELDS = [
    "id",
    "administration_id",
    "subject_id",
    "unit_id",
    "answers",
    "texts",
    "submitted_on",
    "folded",
    "respondent_id",
]
INSERT_SQL = (
    f"INSERT INTO instruments_response ({', '.join(INSERT_FIELDS)}) "
    f"VALUES ({', '.join(['%s'] * len(INSERT_FIELDS))})"
)


@lru_cache(maxsize=1)
def _insert_fields() -> list[Any]:
    by_name = {f.attname: f for f in Response._meta.concrete_fields}
    return [by_name[name] for name in INSERT_FIELDS]


def _insert_values(response: Response) -> list[object]:
    return [
        field.get_db_prep_save(getattr(response, field.attname), connection)
        for field in _insert_fields()
    ]


# Addresses over the failure limit, refused locally (no cache round trip) until the window ends.
_blocked: dict[str, float] = {}


def _window_seconds(rate: str) -> int:
    unit = rate.rsplit("/", 1)[-1]
    return {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(unit[-1:], 60) * int(unit[:-1] or 1)


@csrf_exempt  # the single-use token is the credential; no cookie is read
@require_POST
def intake(request: HttpRequest, token: str) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if settings.RATELIMIT_ENABLE and _blocked.get(address, 0.0) > time.monotonic():
        return JsonResponse({"errors": {"rate": "too many failed attempts"}}, status=429)
    data = request.POST.dict() if request.POST else _json(request)
    try:
        _accept(token, data)
    except Rejected as rejected:
        rate = settings.INTAKE_FAILURE_RATE_LIMIT
        if is_ratelimited(request, group="intake-failures", key="ip", rate=rate, increment=True):
            _blocked[address] = time.monotonic() + _window_seconds(rate)
            return JsonResponse({"errors": {"rate": "too many failed attempts"}}, status=429)
        return JsonResponse({"errors": rejected.errors}, status=rejected.status)
    return JsonResponse({"accepted": True}, status=201)


def _json(request: HttpRequest) -> dict[str, str]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in body.items()} if isinstance(body, dict) else {}
