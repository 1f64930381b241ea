from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def login_rate(group: str, request: HttpRequest) -> str:
    """Read at request time so tests and deployments can change LOGIN_RATE_LIMIT."""
    return str(settings.LOGIN_RATE_LIMIT)
