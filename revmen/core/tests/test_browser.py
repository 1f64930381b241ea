"""End-to-end checks in a real headless Chromium against pytest-django's live server."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from revmen.core.tests import browser
from revmen.front.demo import LOGINS, PASSWORD, load_demo
from revmen.training.models import Batch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def demo(transactional_db: None) -> None:
    load_demo()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(transactional_db: None) -> None:
    # The login rate limit counts per IP in the (database) cache, which a flush keeps.
    cache.clear()


def test_participant_logs_in_and_sees_the_running_batch(
    demo: None, live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    browser.log_in(page, live_server.url, LOGINS["participant"][0], PASSWORD)

    assert page.url == f"{live_server.url}/"
    section = page.locator('article[data-role="peserta"]')
    assert section.count() == 1
    running = Batch.objects.get(code__endswith="-II")
    assert running.name.startswith("Angkatan II Tahun ")
    assert running.name in section.inner_text()


def test_organiser_logs_in_and_sees_every_batch_of_the_demo(
    demo: None, live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    browser.log_in(page, live_server.url, LOGINS["organiser"][0], PASSWORD)

    assert page.url == f"{live_server.url}/"
    section = page.locator('article[data-role="organiser"]')
    assert section.count() == 1
    rows = section.locator("tbody tr")
    # the three batches of the training demo and the follow-up's batch closed half a year ago
    assert rows.count() == Batch.objects.count() == 4
    text = section.inner_text()
    for batch in Batch.objects.all():
        assert batch.name in text
    closed = Batch.objects.filter(closed_at__isnull=False).count()
    assert closed == 2
    assert section.locator('td[data-status="closed"]').count() == closed


def test_wrong_password_shows_the_error_and_stays_on_login(
    demo: None, live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    browser.log_in(page, live_server.url, LOGINS["participant"][0], "not-the-password")

    assert page.url.startswith(f"{live_server.url}/login/")
    errors = page.locator("ul.errors")
    assert errors.count() == 1
    assert errors.inner_text().strip()
    assert page.locator('article[data-role="peserta"]').count() == 0


def test_login_page_fits_a_phone_and_loads_its_css(live_server: Any, phone_page: Any) -> None:
    page = phone_page
    statuses: dict[str, int] = {}
    page.on("response", lambda response: statuses.__setitem__(response.url, response.status))
    page.goto(f"{live_server.url}/login/")
    page.wait_for_load_state("networkidle")

    css = [url for url in statuses if url.endswith("/pico.min.css")]
    assert css, f"pico.min.css was never requested: {sorted(statuses)}"
    assert statuses[css[0]] == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The stylesheet really applied: Pico gives the submit button the full form width.
    button_width = page.locator("main form button[type=submit]").bounding_box()["width"]
    assert button_width > 200


def test_language_switch_goes_to_english_and_back(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    html = page.locator("html")
    h1 = page.locator("main h1")
    # Indonesian by default, even though the browser asks for English (locale en-US).
    assert html.get_attribute("lang") == "id"
    assert h1.inner_text() == "Masuk"

    with page.expect_navigation():
        page.click("form.lang button[name=language][value=en]")
    assert page.url == f"{live_server.url}/login/"
    assert html.get_attribute("lang") == "en"
    assert h1.inner_text() == "Log in"

    with page.expect_navigation():
        page.click("form.lang button[name=language][value=id]")
    assert html.get_attribute("lang") == "id"
    assert h1.inner_text() == "Masuk"


def test_organiser_sets_up_two_step_login_and_logs_in_with_a_code(
    demo: None, live_server: Any, browser_page: Any
) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code() -> str:
        device = TOTPDevice.objects.get()
        return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    page = browser_page
    browser.log_in(page, live_server.url, LOGINS["organiser"][0], PASSWORD)
    page.goto(f"{live_server.url}/profile/two-step/")
    qr = page.locator("main img")
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: SVG passes the CSP
    page.fill('input[name="code"]', code())
    page.click('main button[type="submit"]')
    assert page.locator("ul.codes li").count() == 10

    page.context.clear_cookies()
    cache.clear()
    browser.log_in(page, live_server.url, LOGINS["organiser"][0], PASSWORD)
    assert "/login/code/" in page.url
    TOTPDevice.objects.update(last_t=-1)  # the enrolment's code may be given once only
    page.fill('input[name="code"]', code())
    page.click('main form button[type="submit"] >> nth=0')
    assert page.url == f"{live_server.url}/"
