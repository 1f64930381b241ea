"""Anonymous tokens: random, stored only as a hash, used once; never derived from a person.

Two kinds, both ``secrets.token_urlsafe``:
- a wave's or an open link's token, ``<administration id>.<random>``, stored hashed in ``Token``
  (names a unit or a subject, never a person) and deleted when used;
- a person's key to an anonymous questionnaire, handed out once into a signed HttpOnly cookie of
  the browser that opened it (``services.token_hand_out``). The server keeps no copy: only
  ``Invitation.handed_out`` (no key, its own transaction) and, once used, its hash in
  ``UsedToken`` beside the answer. Nothing anybody holds, SECRET_KEY included, recomputes it.
"""

from __future__ import annotations

import hashlib
import secrets


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def random_token(administration_id: int) -> str:
    """``<administration id>.<192 random bits>``: the prefix saves the intake a lookup (it is no
    secret: everyone holding a token of a wave knows which wave it is)."""
    return f"{administration_id}.{secrets.token_urlsafe(24)}"


def handout_key() -> str:
    """A person's key to one anonymous questionnaire: 192 random bits, nothing else."""
    return secrets.token_urlsafe(24)
