"""The OpenAPI document: ninja's, finished here.

- every error response is ``application/problem+json`` (what the handlers answer);
- the intake ``POST /api/answers/{token}/`` is described as it is (it is a plain Django view
  on its own fast path, not routed through ninja, and keeps its own response shape);
- examples, so a client (and schemathesis) can reach every operation's success.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from .problems import CONTENT_TYPE

PREFIX = "/api/v1"

DESCRIPTIONS = {
    400: "The request holds text the database cannot store (a NUL or a broken character).",
    401: "No valid bearer token (missing, unknown, expired or revoked).",
    403: "The token is read-only.",
    404: "Not found, or not visible to this token (the same answer for both).",
    409: "Not possible in the object's present state.",
    422: "Invalid parameters or body; ``errors`` names each field or row.",
    429: "Over the token's rate limit (``API_TOKEN_RATE_LIMIT``); see Retry-After.",
}

# Path parameters that reach an existing object in the demo and in the schemathesis run.
EXAMPLES: dict[str, Any] = {}

_INTAKE_ERRORS = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Per item code (or ``body``, ``token``, ``rate``): what is wrong.",
        }
    },
    "required": ["errors"],
}

INTAKE = {
    "post": {
        "operationId": "answer_intake",
        "summary": "Submit an answer sheet for a single-use token (anonymous)",
        "description": (
            "The intake of answers: one request carries a whole answer sheet, with fields named "
            "by item code, as a form body or a JSON object. No bearer token: the single-use "
            "answer token is the credential, and nothing of the call is written to the audit "
            "trail. Failed attempts count against the caller's address "
            "(``INTAKE_FAILURE_RATE_LIMIT``). Its responses are not problem details: they "
            "keep the shape below."
        ),
        "tags": ["answers"],
        "security": [],
        "parameters": [
            {
                "name": "token",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 200},
            }
        ],
        "requestBody": {
            "required": False,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "additionalProperties": {"type": "string"}}
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "Values are read as text (a number 4 is the answer '4').",
                    }
                },
            },
        },
        "responses": {
            "201": {
                "description": "Accepted.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"accepted": {"type": "boolean", "const": True}},
                            "required": ["accepted"],
                        }
                    }
                },
            },
            "400": {
                "description": "The sheet is not valid.",
                "content": {"application/json": {"schema": _INTAKE_ERRORS}},
            },
            "403": {
                "description": "The administration is not open.",
                "content": {"application/json": {"schema": _INTAKE_ERRORS}},
            },
            "410": {
                "description": "Unknown or already used token.",
                "content": {"application/json": {"schema": _INTAKE_ERRORS}},
            },
            "429": {
                "description": "Too many failed attempts from this address.",
                "content": {"application/json": {"schema": _INTAKE_ERRORS}},
            },
        },
    }
}


def finish(document: dict[str, Any], *, server: str = "") -> dict[str, Any]:
    """Problem content types and descriptions, the intake path, the servers."""
    document = copy.deepcopy(document)
    document["info"]["license"] = {"name": "proprietary"}
    for path in document["paths"].values():
        for operation in path.values():
            for code, response in operation["responses"].items():
                status = int(code)
                if status < 400:
                    continue
                response["description"] = DESCRIPTIONS.get(status, response["description"])
                schema = response["content"]["application/json"]["schema"]
                response["content"] = {CONTENT_TYPE: {"schema": schema}}
            if "429" in operation["responses"]:
                operation["responses"]["429"]["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}
                }
    document["paths"]["/api/answers/{token}/"] = copy.deepcopy(INTAKE)
    return add_examples(document)


@lru_cache(maxsize=1)
def document_json() -> str:
    from .api import api

    raw = api.get_openapi_schema(path_prefix=PREFIX)
    return json.dumps(finish(json.loads(json.dumps(raw))), indent=2, ensure_ascii=False) + "\n"


def _examples() -> dict[str, dict[str, Any]]:
    """Per operation: the path parameters' examples (``examples.make_examples`` makes them)."""
    from . import examples as ex

    agency = {"code": ex.AGENCY}
    batch = {"code": ex.BATCH}
    one = {"id": ex.EXAMPLE_ID}
    return {
        "agency_detail": agency,
        "unit_list": agency,
        "person_detail": one,
        "programme_detail": {"code": ex.PROGRAMME},
        "batch_detail": batch,
        "enrolment_list": batch,
        "enrolment_create": batch,
        "session_list": batch,
        "attendance_list": {**batch, **one},
        "administration_detail": one,
        "result_list": one,
        "wave_detail": one,
        "wave_report": one,
        "answer_intake": {"token": "TOKEN-FROM-AN-OPEN-LINK"},
    }


def _body_examples() -> dict[str, Any]:
    from . import examples as ex

    return {
        "enrolment_create": {
            "people": [
                {"nip": ex.NEW_NIP, "nama": "Dewi Lestari", "instansi": ex.AGENCY},
                {"nip": ex.PERSON_NIP, "nama": "Ani Peserta", "instansi": ex.AGENCY},
            ]
        },
        "answer_intake": ex.INTAKE_SHEET,
    }


def add_examples(document: dict[str, Any]) -> dict[str, Any]:
    path_examples = _examples()
    bodies = _body_examples()
    for path in document["paths"].values():
        for operation in path.values():
            name = operation.get("operationId", "")
            for parameter in operation.get("parameters", []):
                value = path_examples.get(name, {}).get(parameter["name"])
                if parameter["in"] == "path" and value is not None:
                    parameter["example"] = value
            if name in bodies:
                for media in operation["requestBody"]["content"].values():
                    media["example"] = bodies[name]
    return document
