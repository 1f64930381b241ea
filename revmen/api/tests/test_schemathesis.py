"""Schemathesis against the served OpenAPI document, on PostgreSQL (the production store).

Every operation (the intake too) with about 25 generated cases and the document's examples,
which reach the objects ``api.examples`` makes, so each operation gets its documented success at
least once (``test_every_operation_reached_its_success`` asserts it). The token is minted in
the ``before_call`` hook (a read-write token of the example institute's admin, who is also its
organiser), the per-token limit is raised for the run, and the checks are schemathesis' own:
no server error, status codes, content types, headers and bodies as documented.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="schemathesis runs on PostgreSQL only (DATABASE_URL=postgres://…)",
)

if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
    import schemathesis
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    from revmen.api.openapi import document_json

    schema = schemathesis.openapi.from_dict(json.loads(document_json()))
    handler = WSGIHandler()

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")  # as every WSGI server sets it
        return handler(environ, start_response)

    schema.app = application
else:  # pragma: no cover - collected, then skipped
    schema = None

STATE: dict[str, Any] = {}
SUCCESSES: dict[str, set[int]] = defaultdict(set)
CALLED: set[str] = set()
INTAKE = "/api/answers/{token}/"
PLANNED = "rvm_planned-before-the-database-exists"
RULE_CHECKED = {"POST /api/v1/batches/{code}/enrolments/", "POST /api/answers/{token}/"}


@pytest.fixture
def api_examples(db: Any, settings: Any) -> Iterator[Any]:
    from revmen.api.examples import make_examples

    settings.API_TOKEN_RATE_LIMIT = "1000000/m"  # the per-token limit, raised for this run
    cache.clear()
    STATE.clear()
    STATE["examples"] = make_examples()
    # The WSGI app runs in this thread, on the test's connection: keep Django from closing it
    # at the end of each request (its test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield STATE["examples"]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


if schema is not None:

    @schema.auth(refresh_interval=None, retry_on=[])
    class ExampleToken:
        """The hook that mints the token: once per fixture (the database rolls back between
        operations), a read-write token of the example institute's admin and organiser."""

        def get(self, case: Any, context: Any) -> str:
            from revmen.api.tokens import token_create

            if "examples" not in STATE:
                return PLANNED  # cases planned at collection, before the fixture: see below
            if "token" not in STATE:
                examples = STATE["examples"]
                _t, STATE["token"] = token_create(
                    person=examples.admin, agency=examples.batch.programme.institute, write=True
                )
            return str(STATE["token"])

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    @schema.parametrize()
    @hypothesis_settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def test_the_api_keeps_its_document(case: Any, api_examples: Any) -> None:
        from revmen.instruments.services import open_link_token

        if case.operation.path == INTAKE:  # single-use: a fresh answer token for each call
            case.path_parameters["token"] = open_link_token(
                administration=api_examples.open_administration
            )
        headers = case.headers or {}
        if headers.get("Authorization") == f"Bearer {PLANNED}":
            headers["Authorization"] = f"Bearer {ExampleToken().get(case, None)}"
        # A body the schema allows may still break the domain's rules (an unknown agency in a
        # row, an answer sheet missing a required item): 422 / 400 with the errors named, as
        # documented, is the right answer there, so "valid data accepted" is not asked of them.
        excluded = [positive_data_acceptance] if case.operation.label in RULE_CHECKED else []
        response = case.call_and_validate(excluded_checks=excluded)
        CALLED.add(case.operation.label)
        if os.environ.get("REVMEN_SCHEMATHESIS_TRACE"):
            print(
                "TRACE",
                case.operation.label,
                case.path_parameters,
                case.query,
                response.status_code,
                response.text[:200],
            )
        if 200 <= response.status_code < 300:
            SUCCESSES[case.operation.label].add(response.status_code)


def test_every_operation_reached_its_success() -> None:
    assert schema is not None
    operations = [result.ok().label for result in schema.get_all_operations()]
    if not CALLED:
        pytest.skip("run together with test_the_api_keeps_its_document")
    missing = [name for name in operations if not SUCCESSES.get(name)]
    assert missing == [], f"operations that never reached their documented 2xx: {missing}"
