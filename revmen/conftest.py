from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """PBKDF2 is slow by design; tests only need hashing to work, not to be slow."""
    previous = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    yield
    settings.PASSWORD_HASHERS = previous
    get_hashers.cache_clear()


@pytest.fixture(autouse=True)
def _forget_process_caches() -> Iterator[None]:
    """Per-process memos keyed by ids: tests reuse ids after rolling back, so start empty."""
    from revmen.culture import aggregates
    from revmen.instruments import intake
    from revmen.instruments.intake import sheet_for

    aggregates._profile_items.cache_clear()
    sheet_for.cache_clear()
    intake._blocked.clear()
    yield


# Browser fixtures live in one place so that one Playwright session serves every test module.
from revmen.core.tests.browser import browser_page, chromium, phone_page  # noqa: E402, F401
