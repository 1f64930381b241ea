"""Tokens never reach a log line (docs/privacy.md)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from revmen.core.logs import GunicornLogger, RedactTokens, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Gone: /api/answers/4.abc_DEF-x/", "Gone: /api/answers/…/"),
        ('"POST /t/Zx9-_q/?s=2 HTTP/1.1" 200', '"POST /t/…/?s=2 HTTP/1.1" 200'),
        ("GET /invitation/MQ/c4x-9f2/ 200", "GET /invitation/…/…/ 200"),
        ("GET /q/12/?s=1 200", "GET /q/12/?s=1 200"),  # no token in it
        ("GET /s/public-key/ 302", "GET /s/public-key/ 302"),  # a public link is no secret
    ],
)
def test_it_redacts_tokens_in_paths(line: str, expected: str) -> None:
    assert redact(line) == expected


def ours(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers settings.LOGGING gave, without the ones pytest adds to capture output."""
    return [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]


def test_it_redacts_through_every_configured_handler() -> None:
    for name in ("django.request", "django.server", "revmen.anything"):
        logger: logging.Logger | None = logging.getLogger(name)
        while logger is not None and not ours(logger):
            logger = logger.parent if logger.propagate else None
        assert logger is not None, name
        assert all(
            any(isinstance(f, RedactTokens) for f in handler.filters) for handler in ours(logger)
        ), name


def test_it_redacts_gunicorn_access_atoms() -> None:
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/api/answers/4.secret/",
        "PATH_INFO": "/api/answers/4.secret/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://revmen.example/t/secret/",
        "QUERY_STRING": "",
    }
    logger = GunicornLogger.__new__(GunicornLogger)
    logger.cfg = SimpleNamespace(env={})  # what atoms() reads of its configuration
    atoms = logger.atoms(
        SimpleNamespace(status="201 Created", sent=17, headers=[]),
        SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])]),
        environ,
        SimpleNamespace(seconds=0, microseconds=1000),
    )
    assert "secret" not in repr(atoms)
    assert atoms["r"] == "POST /api/answers/…/ HTTP/1.1"
