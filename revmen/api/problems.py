"""RFC 9457 problem details: every error of the API is ``application/problem+json`` with
``type``, ``title``, ``status``, ``detail`` and, for invalid input, ``errors`` per field."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/docs/#problem-"


def problem_body(
    status: int, detail: str = "", *, errors: list[dict[str, Any]] | None = None, code: str = ""
) -> dict[str, Any]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": TYPE_BASE + (code or str(status)),
        "title": phrase,
        "status": status,
        "detail": detail or phrase,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem(
    status: int,
    detail: str = "",
    *,
    errors: list[dict[str, Any]] | None = None,
    code: str = "",
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem_body(status, detail, errors=errors, code=code), ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(pydantic_errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ninja's validation errors as ``{"field": "body.people.0.nip", "message": "…"}``."""
    found = []
    for error in pydantic_errors:
        location = [str(part) for part in error.get("loc", ())]
        found.append({"field": ".".join(location), "message": str(error.get("msg", ""))})
    return found
