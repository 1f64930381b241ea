"""Acceptance: an organiser opens a pre- and a post-test, participants answer them in the
browser, and the batch report shows the change, per group and per person, with reliability."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from revmen.accounts.services import person_create
from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, TODAY, Personas
from revmen.training.models import BatchRole, Enrolment

from .helpers import attitude_version

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# Participant answers (B1, B2 reversed, B3, M1): pre, then post with a gain.
PRE = [[2, 4, 2, 3], [3, 3, 3, 2], [1, 5, 2, 2], [4, 2, 4, 4]]
POST = [[4, 2, 4, 4], [4, 2, 4, 3], [3, 3, 3, 4], [5, 1, 5, 5]]


def wib(moment: Any) -> str:
    return moment.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%dT%H:%M")


def open_questionnaire(page: Any, base: str, code: str, title: str, purpose: str) -> None:
    page.goto(f"{base}/batches/{code}/questionnaires/")
    page.click("main details summary")
    page.select_option("select[name=version]", label="Sikap uji (v1)")
    page.fill("input[name=title]", title)
    page.select_option("select[name=purpose]", purpose)
    page.select_option("select[name=identity]", "identified")
    now = timezone.now()
    page.fill("input[name=opens_at]", wib(now - timedelta(hours=1)))
    page.fill("input[name=closes_at]", wib(now + timedelta(days=7)))
    with page.expect_navigation():
        page.click("main details form button[type=submit]")  # not a row's "Remind" button
    assert page.locator(".flash").count() == 1


def answer(chromium: Any, base: str, email: str, title: str, values: list[int]) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        browser.log_in(page, base, email, PASSWORD)
        with page.expect_navigation():
            page.click(f"article[data-role=questionnaires] a:has-text('{title}')")
        for code, value in zip(["B1", "B2", "B3"], values[:3], strict=True):
            page.check(f"input[name={code}][value='{value}']")
        with page.expect_navigation():
            page.click("main form button[name=next]")
        page.check(f"input[name=M1][value='{values[3]}']")
        page.fill("textarea[name=M2]", "Saya ingin lebih cepat melayani.")
        with page.expect_navigation():
            page.click("main form button[name=next]")
        with page.expect_navigation():
            page.click("main form button[name=submit]")
        assert page.locator("main h1").inner_text() == "Terima kasih"
    finally:
        context.close()


def test_pre_post_answered_in_the_browser_show_in_the_change_report(
    live_server: Any, browser_page: Any, chromium: Any
) -> None:
    cache.clear()
    Personas.make_personas()
    batch = Personas.batch
    attitude_version()
    people = [Personas.participant, Personas.participant2]
    for n in range(2):
        person = person_create(
            name=f"Peserta Tambahan {n}",
            email=f"tambahan{n}@example.go.id",
            password=PASSWORD,
            today=TODAY,
        )
        Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
        people.append(person)
    base = live_server.url
    page = browser_page
    browser.log_in(page, base, Personas.organiser.email, PASSWORD)
    open_questionnaire(page, base, batch.code, "Pre-test sikap", "pre")
    for person, values in zip(people, PRE, strict=True):
        answer(chromium, base, person.email, "Pre-test sikap", values)
    open_questionnaire(page, base, batch.code, "Post-test sikap", "post")
    for person, values in zip(people, POST, strict=True):
        answer(chromium, base, person.email, "Post-test sikap", values)

    page.goto(f"{base}/batches/{batch.code}/questionnaires/")
    assert page.locator("td[data-responses='4']").count() == 2
    with page.expect_navigation():
        page.click("a:has-text('Laporan perubahan')")
    total = page.locator("tr[data-scale=TOTAL]")
    assert total.count() == 1
    cells = total.locator("td").all_inner_texts()
    assert cells[1] == "4"  # n pairs
    assert "[" in cells[4]  # difference with its interval
    assert cells[9] != "—"  # alpha
    rows = page.locator("tr[data-category]")
    assert rows.count() == 4
    assert "Ani Peserta" in page.locator("main").inner_text()
