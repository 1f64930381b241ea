"""Acceptance (issue 12): an alumnus reports a milestone with evidence on a phone; the mentor,
who has no account, returns it once and then confirms it from the e-mail link."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from revmen.core.models import OutboxMessage
from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas
from revmen.projects import services
from revmen.projects.models import MilestoneState, StepKind, Term
from revmen.training.models import Enrolment

from .helpers import PLAN_DATA, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LINK = re.compile(r"/projects/mentor/milestone/[^\s/]+/")


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def mentor_link() -> str:
    message = OutboxMessage.objects.filter(address=Personas.mentor.email).order_by("-pk").first()
    assert message is not None
    found = LINK.search(message.text)
    assert found, message.text
    return found.group(0)


def report(page: Any, base: str, plan_pk: int, milestone_pk: int, text: str, photo: Path) -> None:
    page.goto(f"{base}/projects/{plan_pk}/")
    page.click(f"#milestone-{milestone_pk} summary")
    form = f"#milestone-{milestone_pk} form.report-form"
    page.fill(f"{form} textarea[name=text]", text)
    page.fill(f"{form} input[name=figure]", "1.5")
    page.set_input_files(f"{form} input[name=evidence]", str(photo))
    submit(page, f"{form} button[type=submit]")


def test_an_alumnus_reports_and_the_mentor_returns_then_confirms_by_link(
    live_server: Any, phone_page: Any, chromium: Any, tmp_path: Path
) -> None:
    cache.clear()
    Personas.make_personas()
    mentor = Personas.mentor
    mentor.set_unusable_password()  # no account: the e-mail link is all they have
    mentor.save()
    enrolment = Enrolment.objects.get(batch=Personas.batch, person=Personas.participant)
    enrolment.mentor = mentor
    enrolment.save()
    alumnus = Personas.participant
    plan = services.plan_create(enrolment=enrolment, actor=alumnus, data=dict(PLAN_DATA))
    milestone = services.milestone_add(
        plan=plan,
        actor=alumnus,
        term=Term.SHORT,
        title="SOP rujukan baru",
        indicator="Hari tunggu",
        target_date=timezone.localdate() + timedelta(days=10),
    )
    services.plan_submit(plan=plan, actor=alumnus)
    services.plan_review(plan=plan, actor=mentor, decision=services.APPROVE)
    photo = tmp_path / "bukti.png"
    photo.write_bytes(png_bytes())
    base, page = live_server.url, phone_page
    browser.log_in(page, base, alumnus.email, PASSWORD)
    report(page, base, plan.pk, milestone.pk, "SOP disusun bersama tim.", photo)
    assert page.locator(f"#milestone-{milestone.pk}[data-state=reported]").count() == 1
    assert page.locator(f"#milestone-{milestone.pk} [data-file]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The mentor, logged out, opens the link from the e-mail and returns it with a comment.
    page.context.clear_cookies()
    first = mentor_link()
    page.goto(base + first)
    assert page.locator("[data-report]").count() == 1
    with page.expect_download() as download:  # the evidence opens from the link
        page.evaluate("document.querySelector('[data-file]').setAttribute('download', '')")
        page.click("[data-file]")
    assert Path(download.value.path()).read_bytes() == png_bytes()
    page.check("input[name=decision][value=return]")
    page.fill("textarea[name=comment]", "Lampirkan foto SOP yang ditandatangani.")
    submit(page, "#review-form button[type=submit]")
    assert page.locator("#link-done[data-approved='0']").count() == 1
    milestone.refresh_from_db()
    assert milestone.state == MilestoneState.RETURNED
    page.goto(base + first)  # spent
    assert page.locator("#link-invalid").count() == 1

    # The alumnus reports again; the mentor confirms from the new link.
    browser.log_in(page, base, alumnus.email, PASSWORD)
    report(page, base, plan.pk, milestone.pk, "Foto SOP bertanda tangan terlampir.", photo)
    page.context.clear_cookies()
    second = mentor_link()
    assert second != first
    page.goto(base + second)
    assert page.locator("[data-report]").count() == 2
    page.check("input[name=decision][value=approve]")
    submit(page, "#review-form button[type=submit]")
    assert page.locator("#link-done[data-approved='1']").count() == 1
    milestone.refresh_from_db()
    assert milestone.state == MilestoneState.CONFIRMED
    kinds = list(plan.steps.values_list("kind", flat=True))
    assert kinds[-4:] == [
        StepKind.REPORTED,
        StepKind.MILESTONE_RETURNED,
        StepKind.REPORTED,
        StepKind.CONFIRMED,
    ]
    assert all(plan.steps.values_list("at", flat=True))
