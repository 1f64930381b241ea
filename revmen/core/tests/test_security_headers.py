"""Security headers every page carries, and where Django's admin is reachable.

The Content-Security-Policy allows no inline script or style; every browser test fails on a
violation of it (core/tests/browser.py), so each page they visit is checked in a real browser.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import clear_url_caches

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, BaseTestCase


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@contextmanager
def admin_routed(**settings: Any) -> Iterator[None]:
    """The URL configuration rebuilt under ``settings`` (the admin's route is read at import)."""
    import revmen.urls

    try:
        with override_settings(**settings):
            importlib.reload(revmen.urls)
            clear_url_caches()
            yield
    finally:
        importlib.reload(revmen.urls)
        clear_url_caches()


class HeaderTests(BaseTestCase):
    def test_every_kind_of_page_carries_a_strict_csp(self) -> None:
        self.login(self.organiser)
        for path in ["/", "/login/", "/halaman-yang-tidak-ada/"]:
            response = self.client.get(path)
            policy = directives(response.headers["Content-Security-Policy"])
            self.assertEqual(policy["script-src"], ["'self'"], path)
            self.assertEqual(policy["style-src"], ["'self'"], path)
            self.assertEqual(policy["object-src"], ["'none'"], path)
            self.assertEqual(policy["frame-ancestors"], ["'none'"], path)
            self.assertEqual(policy["form-action"], ["'self'"], path)
            self.assertNotIn("'unsafe-inline'", response.headers["Content-Security-Policy"])

    def test_every_page_switches_off_the_browser_features_it_never_uses(self) -> None:
        policy = self.client.get("/login/").headers["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"]:
            self.assertIn(feature, policy)

    def test_no_template_has_an_inline_script_or_style_attribute(self) -> None:
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        offenders = []
        for template in root.rglob("templates/**/*.html"):
            if template.name.endswith("_pdf.html"):  # WeasyPrint, not a browser
                continue
            text = template.read_text()
            if "style=" in text or "<style" in text:
                offenders.append(f"{template}: style")
            for chunk in text.split("<script")[1:]:
                tag = chunk.split(">", 1)[0]
                if "src=" not in tag and "application/json" not in tag:
                    offenders.append(f"{template}: inline script")
            if " onclick=" in text or " onload=" in text or " onchange=" in text:
                offenders.append(f"{template}: event handler attribute")
        self.assertEqual(offenders, [])


class AdminRouteTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.admin.is_staff = True
        self.admin.save(update_fields=["is_staff"])

    def test_the_admin_moves_to_its_configured_path(self) -> None:
        self.login(self.admin)
        with admin_routed(ADMIN_PATH="kantor-belakang/"):
            self.assertEqual(self.client.get("/kantor-belakang/").status_code, 200)
            self.assertEqual(self.client.get("/admin/").status_code, 404)

    def test_no_admin_is_routed_when_its_path_is_empty(self) -> None:
        self.login(self.admin)
        with admin_routed(ADMIN_PATH=""):
            self.assertEqual(self.client.get("/admin/").status_code, 404)
            self.assertEqual(self.client.get("/").status_code, 200)

    @override_settings(ADMIN_NETWORKS=["10.0.0.0/8"])
    def test_the_admin_answers_only_its_networks(self) -> None:
        self.login(self.admin)
        self.assertEqual(self.client.get("/admin/", REMOTE_ADDR="203.0.113.9").status_code, 404)
        self.assertEqual(
            self.client.get("/admin/login/", REMOTE_ADDR="203.0.113.9").status_code, 404
        )
        self.assertEqual(self.client.get("/admin/", REMOTE_ADDR="10.1.2.3").status_code, 200)
        self.assertEqual(self.client.get("/", REMOTE_ADDR="203.0.113.9").status_code, 200)

    @override_settings(LOGIN_FREE_FAILURES=3)
    def test_the_admin_login_is_throttled_like_the_login_page(self) -> None:
        statuses = [
            self.client.post(
                "/admin/login/", {"username": "198001012005011001", "password": f"salah-{n}"}
            ).status_code
            for n in range(5)
        ]
        self.assertEqual(statuses[:3], [200] * 3)
        self.assertEqual(statuses[4], 429)
        # The same account's wait holds on /login/ too: one account, one throttle.
        response = self.client.post(
            "/login/", {"username": "198001012005011001", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)


@pytest.mark.browser
@pytest.mark.usefixtures("transactional_db")
def test_the_browser_refuses_an_inline_style_and_reports_it(
    live_server: Any, chromium: Any
) -> None:
    """What the CSP check of every browser test relies on: Chromium refuses an inline style
    (and script) under our policy and says so on the console."""
    context = chromium.new_context(viewport=browser.DESKTOP)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        page.goto(f"{live_server.url}/login/")
        page.evaluate(
            """() => { const d = document.createElement('div');
                d.innerHTML = '<p style="color: red">x</p>'; document.body.append(d);
                const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                document.body.append(s); }"""
        )
        page.wait_for_timeout(200)
        ran = page.evaluate("() => window.ran === 1")
    finally:
        context.close()
    assert not ran
    assert any("Content Security Policy" in text for text in messages), messages
