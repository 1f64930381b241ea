"""Failed logins slow down one account, exponentially, and never lock out its owner.

A guesser who hammers one account (in any spelling of its NIP or e-mail, from any address)
waits longer after every miss beyond the first ``LOGIN_FREE_FAILURES``: 1 s, 2 s, 4 s … up to
``LOGIN_MAX_DELAY``. While an account waits, attempts are refused without looking at the
password, so the wait cannot be guessed through.

A lock that anyone can trigger would let a colleague keep someone out of the system. So the
browser that last logged in to an account successfully carries a signed *device cookie*; its
attempts are counted apart from everyone else's (OWASP's "device cookies"). Whoever floods
the account from elsewhere slows down only the strangers, never the owner's own phone.

Per address only a generous budget applies (``LOGIN_ADDRESS_RATE_LIMIT``, core/ratelimits):
a whole office logs in from behind one address. State lives in the cache (Redis in production)
and holds no password or identifier in clear: keys are HMACs of the normalised identifier.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import get_random_string, salted_hmac

from revmen.core import ratelimits

DEVICE_COOKIE = "revmen_device"
_SALT = "revmen.accounts.throttle"
_DEVICE_SALT = "revmen.accounts.throttle.device"
_DEVICE_AGE = 365 * 24 * 3600


def normalise(identifier: str) -> str:
    """One account, one key: ``19900101 201503 2 001`` is ``199001012015032001``, ``Ani@X`` is
    ``ani@x`` (as the login backend reads them)."""
    return "".join(identifier.split()).lower()


def _account(identifier: str) -> str:
    return salted_hmac(_SALT, normalise(identifier)).hexdigest()[:32]


def _device(request: HttpRequest, account: str) -> str:
    """The device nonce when the request carries a valid cookie for ``account``, else ``""``."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return ""
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=_DEVICE_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("a") != account:
        return ""
    return str(value.get("n", ""))


def delay_for(failures: int, free: int, ceiling: int) -> int:
    """Seconds to wait after ``failures`` misses: none for the first ``free``, then 1, 2, 4 …
    doubling per miss, never more than ``ceiling``."""
    if failures < free:
        return 0
    return min(2 ** (failures - free), ceiling)


@dataclass(frozen=True)
class Attempt:
    """One login attempt's place in its account's throttle."""

    key: str
    account: str

    @classmethod
    def of(
        cls, request: HttpRequest, identifier: str, *, prefix: str = "login-throttle"
    ) -> Attempt:
        account = _account(identifier)
        device = _device(request, account)
        return cls(key=f"{prefix}:{account}:{device}", account=account)

    def wait(self) -> int:
        """Seconds before this attempt may be checked (0: go ahead)."""
        state = cache.get(self.key)
        if not state:
            return 0
        return max(0, int(state["until"] - time.time() + 0.999))

    def failed(self) -> None:
        state = cache.get(self.key) or {"failures": 0, "until": 0.0}
        failures = int(state["failures"]) + 1
        delay = delay_for(failures, settings.LOGIN_FREE_FAILURES, settings.LOGIN_MAX_DELAY)
        cache.set(
            self.key,
            {"failures": failures, "until": time.time() + delay},
            timeout=max(delay, settings.LOGIN_FAILURE_MEMORY),
        )

    def succeeded(self, response: HttpResponse, *, device_cookie: bool = True) -> None:
        """Forget this key's misses and give the browser a device cookie for the account."""
        cache.delete(self.key)
        if not device_cookie:
            return
        value = signing.dumps({"a": self.account, "n": get_random_string(16)}, salt=_DEVICE_SALT)
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=_DEVICE_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )


def _typed_login(request: HttpRequest) -> str:
    return request.POST.get("username", "")


def _logged_in(request: HttpRequest, response: HttpResponse) -> bool:
    return response.status_code == 302 and request.user.is_authenticated


def throttled(
    view: Callable[..., HttpResponse],
    *,
    identify: Callable[[HttpRequest], str] = _typed_login,
    succeeded: Callable[[HttpRequest, HttpResponse], bool] = _logged_in,
    prefix: str = "login-throttle",
    device_cookie: bool = True,
) -> Callable[..., HttpResponse]:
    """Wrap a login view (ours or the admin's): a POST for an account that must wait is the
    429 page with the wait in seconds; a redirect after a POST counts as a success, any other
    answer to a POST with an identifier as a miss.

    ``identify`` names the account a POST is for (the typed login; the signed-in person for
    the code step), ``succeeded`` says whether the answer is a success."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        identifier = identify(request) if request.method == "POST" else ""
        if not normalise(identifier):
            return view(request, *args, **kwargs)
        attempt = Attempt.of(request, identifier, prefix=prefix)
        seconds = attempt.wait()
        if seconds:
            return render(request, "accounts/login_wait.html", {"seconds": seconds}, status=429)
        response = view(request, *args, **kwargs)
        if succeeded(request, response):
            attempt.succeeded(response, device_cookie=device_cookie)
        else:
            attempt.failed()
        return response

    return wrapper


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A login view under both limits: the office-sized budget per address
    (``LOGIN_ADDRESS_RATE_LIMIT``) and the per-account delay above. ``/login/`` and the
    admin's login both wear it."""
    return ratelimits.limit("LOGIN_ADDRESS_RATE_LIMIT", key="ip", method="POST")(throttled(view))


def _signed_in(request: HttpRequest) -> str:
    return f"otp:{request.user.pk}" if request.user.is_authenticated else ""


def _verified(request: HttpRequest, response: HttpResponse) -> bool:
    return response.status_code == 302 and bool(getattr(request.user, "is_verified", bool)())


def code_guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The login's second step (a TOTP or backup code) under the same two limits: wrong codes
    slow down the account exponentially, per address the same budget. Only someone who holds
    the password reaches this step, so it needs no device cookie of its own."""
    inner = throttled(
        view,
        identify=_signed_in,
        succeeded=_verified,
        prefix="otp-throttle",
        device_cookie=False,
    )
    return ratelimits.limit("LOGIN_ADDRESS_RATE_LIMIT", key="ip", method="POST")(inner)
