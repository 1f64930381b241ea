"""Anonymous tokens: derived from a server secret, stored only as a hash, used once.

A logged-in person's token for an administration is HMAC(SECRET_KEY, administration:person:subject)
so the person can be shown "answer" without the database ever linking them to the token. Someone
with the tables but not the secret cannot compute it; someone with both can tell who has not
answered yet, but never which response is whose: the used token row is deleted and the response
carries no token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def derived_token(administration_id: int, person_id: int, subject_id: int | None) -> str:
    message = f"revmen-token:{administration_id}:{person_id}:{subject_id or 0}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def random_token(administration_id: int) -> str:
    """``<administration id>.<192 random bits>``: the prefix saves the intake a lookup (it is no
    secret: everyone holding a token of a wave knows which wave it is)."""
    return f"{administration_id}.{secrets.token_urlsafe(24)}"
