"""Bearer tokens: who calls, what they may touch, how often."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja.errors import HttpError
from ninja.security import HttpBearer

from revmen.accounts.models import Person
from revmen.core.ratelimits import rate_of, window_seconds

from .tokens import scoped_viewer, token_find, token_touch

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
    """``Authorization: Bearer rvm_…``; the request's ``auth`` is the scoped viewer."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        found = token_find(token.strip())
        if found is None:
            return None
        if settings.RATELIMIT_ENABLE and is_ratelimited(
            request,
            group=RATE_SETTING,
            key=lambda group, r: f"token-{found.pk}",
            rate=rate_of(RATE_SETTING),
            increment=True,
        ):
            raise RateLimited(window_seconds(str(getattr(settings, RATE_SETTING))))
        if request.method not in SAFE_METHODS and not found.can_write:
            request.auth = scoped_viewer(found)  # type: ignore[attr-defined]
            raise ReadOnly
        token_touch(found)
        return scoped_viewer(found)


def viewer_of(request: HttpRequest) -> Person:
    viewer: Any = request.auth  # type: ignore[attr-defined]
    assert isinstance(viewer, Person)
    return viewer
