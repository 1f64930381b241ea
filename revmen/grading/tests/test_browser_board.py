"""Acceptance (issue 11, the grading part): one batch from scores to release, objection and
closing in a real browser. The facilitator scores on a phone (390 px), the participant reads
the released grade and objects on a phone, the organiser runs the board on a desktop
(1280 px): raters who disagree are flagged, closing waits for the answer, a correction after
closing needs its reason. Every page checked fits its viewport (and keeps the CSP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from revmen.core.models import AuditEntry
from revmen.core.tests import browser
from revmen.front.testing import PASSWORD
from revmen.grading.models import Grade, Objection
from revmen.grading.testing import rate, take_test
from revmen.training.models import Outcome

from .test_services import GradingObjects

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


class Objects(GradingObjects):
    """The grading personas, made afresh for the live server's database."""


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def step(page: Any, name: str) -> None:
    submit(page, f"button[data-step={name}]")


def test_scores_release_objection_close_and_correction_on_phone_and_desktop(
    live_server: Any, phone_page: Any, browser_page: Any
) -> None:
    cache.clear()
    Objects.setUpTestData()
    o = Objects
    base = live_server.url
    code = o.batch.code

    # The facilitator scores Ani on a phone: a score and an evidence note per criterion.
    phone = phone_page
    browser.log_in(phone, base, o.facilitator.email, PASSWORD)
    phone.goto(f"{base}/grading/{code}/rate/")
    fits(phone, 390)
    assert phone.locator("#tasks li[data-done='0']").count() == 2
    phone.click(f"#tasks li a:has-text('{o.participant.name}')")
    fits(phone, 390)
    for select in phone.locator("#rating select").all():
        select.select_option("4")
    for note in phone.locator("#rating textarea").all():
        note.fill("Aktif memimpin diskusi kelompok.")
    submit(phone, "#rating button[type=submit]")
    assert phone.locator("#tasks li[data-done='1']").count() == 1

    # The second facilitator disagrees strongly on Ani; Rudi's raters agree; the tests and
    # the examiner's score of Ani arrive (Rudi's presentation is still missing).
    rate(o.batch, o.c["sikap"], o.facilitator2, o.participant, 1)
    rate(o.batch, o.c["sikap"], o.facilitator, o.participant2, 4)
    rate(o.batch, o.c["sikap"], o.facilitator2, o.participant2, 4)
    for person in (o.participant, o.participant2):
        take_test(o.test, person, 4)
    rate(o.batch, o.c["proyek"], o.examiner, o.participant, 4)

    # The organiser, on a desktop, sees the flag, computes and releases.
    desk = browser_page
    browser.log_in(desk, base, o.organiser.email, PASSWORD)
    desk.goto(f"{base}/batches/{code}/")
    submit(desk, "#grading-link")
    fits(desk, 1280)
    assert desk.locator(f"#flagged li[data-person='{o.participant.pk}']").count() == 1
    step(desk, "compute")
    assert (
        desk.locator(f"#board tr[data-person='{o.participant.pk}'] td[data-outcome]").get_attribute(
            "data-outcome"
        )
        == Outcome.PASSED
    )
    rudi = desk.locator(f"#board tr[data-person='{o.participant2.pk}'] td[data-outcome]")
    assert rudi.get_attribute("data-outcome") == Outcome.DEFERRED  # no presentation score
    step(desk, "release")
    assert desk.locator("#released").count() == 1

    # Ani reads her released grade on the phone and objects.
    phone.context.clear_cookies()
    browser.log_in(phone, base, o.participant.email, PASSWORD)
    phone.goto(f"{base}/grading/{code}/me/")
    fits(phone, 390)
    assert phone.locator("#outcome").get_attribute("data-outcome") == Outcome.PASSED
    assert phone.locator("#components tr[data-component]").count() == 3
    submit(phone, "#object")
    phone.fill("#objection-form textarea[name=text]", "Nilai sikap saya berbeda jauh antarpenilai.")
    submit(phone, "#objection-form button[type=submit]")
    assert "berbeda jauh" in phone.locator("#objections").inner_text()

    # Closing waits for the answer; answered, the batch closes.
    desk.goto(f"{base}/grading/{code}/")
    assert desk.locator("mark[data-objections='1']").count() == 1
    step(desk, "close")
    assert desk.locator("[data-closed='1']").count() == 0
    desk.goto(f"{base}/grading/{code}/objections/")
    fits(desk, 1280)
    desk.fill("article[data-answered='0'] textarea[name=answer]", "Sudah ditinjau; tetap.")
    submit(desk, "article[data-answered='0'] button[type=submit]")
    assert desk.locator("article[data-answered='1']").count() == 1
    desk.goto(f"{base}/grading/{code}/")
    step(desk, "close")
    assert desk.locator("[data-closed='1']").count() == 1
    assert desk.locator("button[data-step]").count() == 0  # no steps after closing

    # After closing: a correction needs a reason, and lands in the audit trail.
    grade = Grade.objects.get(enrolment__batch=o.batch, enrolment__person=o.participant)
    desk.goto(f"{base}/grading/{code}/grades/{grade.pk}/")
    fits(desk, 1280)
    desk.select_option("#score-form select[name=component]", str(o.c["proyek"].pk))
    desk.fill("#score-form input[name=score]", "70")
    submit(desk, "#score-form button[type=submit]")
    assert desk.locator("#score-form .error").count() >= 1
    desk.fill("#score-form textarea[name=reason]", "Salah input nilai penguji")
    submit(desk, "#score-form button[type=submit]")
    assert desk.url.endswith(f"/grading/{code}/")
    entry = AuditEntry.objects.get(action="grading.grade.correct")
    assert entry.note == "Salah input nilai penguji"
    assert entry.actor_id == o.organiser.pk

    # The board also fits a phone.
    phone.context.clear_cookies()
    browser.log_in(phone, base, o.organiser.email, PASSWORD)
    phone.goto(f"{base}/grading/{code}/")
    fits(phone, 390)
    assert Objection.objects.get().is_answered
