"""Rate limits, one mechanism: django-ratelimit's counters in the cache, every limit a setting.

Each limit is named by its setting (``"LOGIN_ADDRESS_RATE_LIMIT"``) and read at request time, so
deployments and tests change it without touching code. What is counted, and by what key:

- login attempts per address, sized for an office at 08:00 (per account: accounts/throttle.py);
- answer sheets a public link hands out, per link; posts to an answer sheet, per sheet;
- failed attempts (unknown links or tokens, invalid choices), per address.

Nothing that people do in normal use is counted per address alone: a whole office answers and
logs in from behind one address (NAT). A page over its limit is ``core/ratelimited.html`` with
status 429 (``core.views.forbidden`` renders the ``Ratelimited`` exception raised here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

Key = str | Callable[[str, HttpRequest], str]

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_of(name: str) -> Callable[[str, HttpRequest], str]:
    """django-ratelimit's ``rate`` argument: the setting ``name``, read at request time."""

    def rate(group: str, request: HttpRequest) -> str:
        return str(getattr(settings, name))

    return rate


def window_seconds(rate: str) -> int:
    """The period of ``count/period`` in seconds: ``60/m`` -> 60, ``1000/10m`` -> 600."""
    period = rate.rsplit("/", 1)[-1]
    return _PERIODS.get(period[-1:], 60) * int(period[:-1] or 1)


def limit(name: str, *, key: Key, method: Any = ALL) -> Callable[[Any], Any]:
    """Decorator: every request (of ``method``) counts against ``name`` for its ``key``."""
    return ratelimit(group=name, key=key, rate=rate_of(name), method=method, block=True)


def url_part(name: str) -> Callable[[str, HttpRequest], str]:
    """A key from the URL (the link's key, the sheet's token): per link, never per address."""

    def key(group: str, request: HttpRequest) -> str:
        match = request.resolver_match
        return str(match.kwargs.get(name, "")) if match else ""

    return key


def spend(request: HttpRequest, name: str, *, per: str) -> None:
    """Count one use of ``name``'s budget for ``per`` (a link, a sheet); over it: the 429 page.

    Called where the thing is actually handed out, so page views and refused attempts do not
    spend what real answers need."""
    if is_ratelimited(
        request, group=name, key=lambda g, r: per, rate=rate_of(name), increment=True
    ):
        raise Ratelimited


def failed(request: HttpRequest, name: str = "ANSWER_FAILURE_RATE_LIMIT") -> bool:
    """Count one failed attempt from the request's address; ``True`` once it is over ``name``.

    People answering never spend it: only their failures count, not their answers."""
    return bool(is_ratelimited(request, group=name, key="ip", rate=rate_of(name), increment=True))


def refuse_if_flooding(request: HttpRequest) -> None:
    """A failed attempt on a public answer page: the 429 page once its address is over
    ``ANSWER_FAILURE_RATE_LIMIT``; otherwise the caller answers as it would."""
    if failed(request):
        raise Ratelimited
