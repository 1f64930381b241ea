"""Log lines without secrets: tokens in request paths are replaced by "…" before any handler
writes them (docs/privacy.md: the logs are part of what an operator can read later).

- ``RedactTokens``: a ``logging.Filter`` for every handler in ``settings.LOGGING`` (Django's
  request warnings such as "Gone: /api/answers/<token>/", runserver's access lines).
- ``GunicornLogger``: gunicorn's logger with the same redaction of the request line, path,
  query and referrer (``gunicorn --logger-class revmen.core.logs.GunicornLogger``).

What counts as a token is ``TOKEN_PATHS``: the answer intake, the answer page of a token, the
account invitation link. The keys of public links (``/s/``, ``/c/``) are no secret.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "…"
TOKEN_PATHS = re.compile(
    r"(?P<head>/(?:api/answers|t|followup/peer|grading/link|projects/mentor/\w+)/)[^/\s?\"']+"
    r"|(?P<invitation>/invitation/)[^/\s?\"']+/[^/\s?\"']+"
)


def redact(text: str) -> str:
    """``/api/answers/4.abc/`` → ``/api/answers/…/``, ``/t/abc/`` → ``/t/…/``,
    ``/invitation/MQ/xyz/`` → ``/invitation/…/…/``; the same for the links that are
    credentials: a 360° peer's (``/followup/peer/``), a rater's (``/grading/link/``) and a
    mentor's (``/projects/mentor/plan/`` and the like)."""

    def replace(match: re.Match[str]) -> str:
        if match.group("head"):
            return match.group("head") + REDACTED
        return f"{match.group('invitation')}{REDACTED}/{REDACTED}"

    return TOKEN_PATHS.sub(replace, text)


class RedactTokens(logging.Filter):
    """Rewrites the record's message with tokens redacted (the record is changed in place, so
    every handler after this one sees the redacted text too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            record.request = redact(repr(request))  # the error mails print it
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a production dependency only
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's access log with tokens redacted from every atom (request line, path, referrer,
    headers and environment variables alike)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}
