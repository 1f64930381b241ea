"""Pytest fixtures that drive Debian's headless Chromium through Playwright's sync API.

Use them from a test module with ``from revmen.core.tests import browser`` and
``browser_page = browser.browser_page`` (desktop, 1280x900) or ``phone_page = browser.phone_page``
(390x844). Without ``/usr/bin/chromium`` the tests skip loudly, or fail when the environment
variable ``REVMEN_REQUIRE_BROWSER`` is set (CI sets it, so a missing browser cannot pass unseen).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SKIP_REASON = (
    "BROWSER TESTS SKIPPED: chromium not installed (apt-get install chromium); "
    f"{CHROMIUM} is missing"
)


def chromium_missing() -> None:
    """Skip (or fail, when REVMEN_REQUIRE_BROWSER is set) if there is no Chromium to drive."""
    if CHROMIUM.exists():
        return
    if os.environ.get("REVMEN_REQUIRE_BROWSER"):
        pytest.fail(
            f"REVMEN_REQUIRE_BROWSER is set but {CHROMIUM} is missing: "
            "install it with `apt-get install chromium`",
            pytrace=False,
        )
    pytest.skip(SKIP_REASON)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session; every test gets its own context."""
    chromium_missing()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread, so Django's async-unsafe
    # guard would refuse the ORM calls the tests (and the database teardown) make here.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()


def _page(chromium: Any, viewport: dict[str, int]) -> Iterator[Any]:
    """A page whose test fails if any page it showed broke the Content-Security-Policy: every
    browser test checks the CSP of what it visits (Chromium logs each refused script, style or
    image to the console)."""
    context = chromium.new_context(viewport=viewport, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    """A fresh page (own cookies) in a 1280x900 desktop viewport."""
    yield from _page(chromium, DESKTOP)


@pytest.fixture
def phone_page(chromium: Any) -> Iterator[Any]:
    """A fresh page (own cookies) in a 390x844 phone viewport."""
    yield from _page(chromium, PHONE)


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Fill and submit the login form at /login/."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
