"""Bearer tokens: who calls, what they may touch, how often."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from revmen.accounts.models import Person
from revmen.core.ratelimits import window_seconds

from .tokens import scoped_viewer, token_use

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
RATE_SETTING = "API_TOKEN_RATE_LIMIT"
ERR_READ_ONLY = "This token is read-only: writing needs a read-write token."


class RateLimited(HttpError):
    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(429, "Too many requests for this token; try again later.")


class ReadOnly(HttpError):
    def __init__(self) -> None:
        super().__init__(403, ERR_READ_ONLY)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rvm_…``; the request's ``auth`` is the scoped viewer.

    The limit (``API_TOKEN_RATE_LIMIT``, ``count/period``) is a fixed window per token, counted
    in the token's row by the statement that finds it (``tokens.token_use``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        rate = str(getattr(settings, RATE_SETTING))
        window = window_seconds(rate)
        use = token_use(token.strip(), window=window)
        if use is None:
            return None
        limit = int(rate.split("/", 1)[0])
        if settings.RATELIMIT_ENABLE and use.calls > limit:
            raise RateLimited(window)
        viewer = scoped_viewer(use.token)
        if request.method not in SAFE_METHODS and not use.token.can_write:
            request.auth = viewer  # type: ignore[attr-defined]
            raise ReadOnly
        return viewer


def viewer_of(request: HttpRequest) -> Person:
    viewer: Any = request.auth  # type: ignore[attr-defined]
    assert isinstance(viewer, Person)
    return viewer
