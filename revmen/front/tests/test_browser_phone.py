"""Every page a demo person reaches from their home fits a 390 px phone: nothing wider than the
screen (a table may scroll inside itself, the page may not scroll sideways)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from revmen.core.tests import browser
from revmen.front.demo import LOGINS, PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PERSONAS = ["organiser", "culture_admin", "head_of_unit", "participant", "facilitator", "admin"]
PAGES_EACH = 14
SKIP = ("/logout", "/admin", "/i18n", "/static", "/media", "/api/", "/s/", "/t/")
DOWNLOAD = (".xlsx", ".ics", ".pdf", ".csv", "format=", "download=")
WIDTH = """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"""


def _links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        if not href or not href.startswith("/") or href.startswith(SKIP):
            continue
        if any(mark in href for mark in DOWNLOAD):
            continue
        found.append(urlsplit(href)._replace(fragment="").geturl())
    return found


def test_no_page_is_wider_than_a_phone(live_server: Any, phone_page: Any) -> None:
    cache.clear()
    load_demo()
    page, base = phone_page, live_server.url
    too_wide: list[str] = []
    visited = 0
    for persona in PERSONAS:
        page.context.clear_cookies()
        browser.log_in(page, base, LOGINS[persona][0], PASSWORD)
        queue, seen = ["/"], set()
        while queue and len(seen) < PAGES_EACH:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = page.goto(base + path)
            assert response is not None and response.status < 500, (persona, path)
            width, viewport = page.evaluate(WIDTH), page.evaluate("() => window.innerWidth")
            if width > viewport:
                too_wide.append(f"{persona} {path}: {width} px")
            queue.extend(link for link in _links(page) if link not in seen)
        visited += len(seen)
    assert visited >= 30  # the crawl really went through the product
    assert too_wide == [], "\n".join(too_wide)
