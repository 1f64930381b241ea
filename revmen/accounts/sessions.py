"""Logins end after a working day, or sooner when left idle.

``SESSION_COOKIE_AGE`` alone is a sliding limit: Django moves the session's expiry forward
whenever the session is written (a message, a language choice), so a busy session never ends.
This middleware keeps the time of logging in and of the last request in the session and logs
out a session older than ``SESSION_COOKIE_AGE`` or idle for longer than
``SESSION_IDLE_TIMEOUT`` (0: no idle limit). The last request's time is written at most once
a minute, so a page view does not always cost a session write.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LOGIN_AT = "revmen_login_at"
SEEN_AT = "revmen_seen_at"
SEEN_RESOLUTION = 60


def session_stamp_login(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On ``user_logged_in`` (connected in ``AccountsConfig.ready``): the clock starts now."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def expired(login_at: int, seen_at: int, now: int) -> bool:
    """Whether a session logged in at ``login_at`` and last seen at ``seen_at`` has ended."""
    if now - login_at >= settings.SESSION_COOKIE_AGE:
        return True
    idle = settings.SESSION_IDLE_TIMEOUT
    return bool(idle) and now - seen_at >= idle


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = int(session.get(LOGIN_AT, now))
            seen_at = int(session.get(SEEN_AT, login_at))
            if expired(login_at, seen_at, now):
                logout(request)
            else:
                if LOGIN_AT not in session:
                    session[LOGIN_AT] = login_at
                if now - seen_at >= SEEN_RESOLUTION:
                    session[SEEN_AT] = now
        return self.get_response(request)
