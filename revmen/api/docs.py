"""Which responses an operation documents: its success and every error it can give."""

from __future__ import annotations

from typing import Any

from .schemas import Problem

# 400: text the database cannot store (a NUL) anywhere in the request; 401: no valid token;
# 422: invalid parameters or body; 429: the token's rate limit. Writes add 403 (read-only).
ERRORS_READ = (400, 401, 422, 429)
ERRORS_WRITE = (400, 401, 403, 422, 429)


def responses(success: Any, *errors: int, ok: int = 200) -> dict[int, Any]:
    found: dict[int, Any] = {ok: success}
    for code in sorted(set(errors)):
        found[code] = Problem
    return found
