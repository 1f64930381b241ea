"""Acceptance (issue 11): a participant writes the change-project plan on a phone (390 px) with
a baseline photo, a document and a milestone, and submits it; the mentor, who has no account,
returns it once from the e-mail link and approves the resubmitted version from the new link;
the spent link says so."""

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
from revmen.projects.models import Attachment, Plan, PlanState, StepKind
from revmen.training.models import Enrolment

from .helpers import PDF_BYTES, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LINK = re.compile(r"/projects/mentor/plan/[^\s/]+/")


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def mentor_link() -> str:
    message = OutboxMessage.objects.filter(address=Personas.mentor.email).order_by("-pk").first()
    assert message is not None
    found = LINK.search(message.text)
    assert found, message.text
    return found.group(0)


def write_plan(page: Any, base: str, enrolment: Enrolment, tmp_path: Path) -> None:
    photo, document = tmp_path / "antrean.png", tmp_path / "rancangan.pdf"
    photo.write_bytes(png_bytes())
    document.write_bytes(PDF_BYTES)
    page.goto(f"{base}/projects/")
    submit(page, f"[data-enrolment='{enrolment.pk}']")
    fits(page)
    form = "#plan-form"
    page.fill(f"{form} [name=title]", "Antrean rujukan tanpa calo")
    page.fill(f"{form} [name=problem]", "Warga menunggu rujukan lebih dari tiga hari.")
    page.fill(f"{form} [name=baseline]", "Rata-rata 3,4 hari; 27 pengaduan.")
    page.fill(f"{form} [name=baseline_figure]", "3.4")
    page.fill(f"{form} [name=goal]", "Rujukan selesai dalam satu hari kerja.")
    page.check(f"{form} input[name=values][value=BP]")
    page.check(f"{form} input[name=values][value=AK]")
    page.fill(f"{form} [name=stakeholders]", "Kepala seksi, petugas loket")
    page.set_input_files(f"{form} input[name=baseline_file]", str(photo))
    page.set_input_files(f"{form} input[name=document]", str(document))
    submit(page, f"{form} button[type=submit]")
    page.click("#milestones details summary")
    milestones = "#milestone-form"
    page.select_option(f"{milestones} [name=term]", "short")
    page.fill(f"{milestones} [name=title]", "SOP rujukan baru disahkan")
    page.fill(f"{milestones} [name=indicator]", "Hari tunggu rujukan")
    page.fill(f"{milestones} [name=target_value]", "1")
    day = timezone.localdate() + timedelta(days=60)
    page.fill(f"{milestones} [name=target_date]", day.isoformat())
    submit(page, f"{milestones} button[type=submit]")
    fits(page)


def test_a_participant_writes_the_plan_and_the_mentor_decides_by_link(
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
    base, page = live_server.url, phone_page
    browser.log_in(page, base, Personas.participant.email, PASSWORD)
    write_plan(page, base, enrolment, tmp_path)
    plan = Plan.objects.get(enrolment=enrolment)
    assert plan.values == ["BP", "AK"] and plan.milestones.count() == 1
    kinds = sorted(Attachment.objects.filter(plan=plan).values_list("kind", "content_type"))
    assert kinds == [("baseline", "image/png"), ("document", "application/pdf")]
    submit(page, "#submit-plan")
    assert page.locator("#plan-state[data-state=submitted]").count() == 1

    # The mentor, logged out, returns the plan from the e-mail link with a comment.
    page.context.clear_cookies()
    first = mentor_link()
    page.goto(base + first)
    fits(page)
    assert page.locator("[data-file]").count() == 2  # the photo and the document open from it
    page.check("input[name=decision][value=return]")
    page.fill("textarea[name=comment]", "Tambahkan data pengaduan tiga bulan terakhir.")
    submit(page, "#review-form button[type=submit]")
    assert page.locator("#link-done[data-approved='0']").count() == 1
    page.goto(base + first)  # spent
    assert page.locator("#link-invalid").count() == 1

    # The participant sees the comment, resubmits; the mentor approves from the new link.
    browser.log_in(page, base, Personas.participant.email, PASSWORD)
    page.goto(f"{base}/projects/{plan.pk}/")
    assert page.locator("#plan-state[data-state=returned]").count() == 1
    assert "pengaduan tiga bulan" in page.locator("#trail").inner_text()
    submit(page, "#submit-plan")
    page.context.clear_cookies()
    second = mentor_link()
    assert second != first
    page.goto(base + second)
    page.check("input[name=decision][value=approve]")
    submit(page, "#review-form button[type=submit]")
    assert page.locator("#link-done[data-approved='1']").count() == 1
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.approved_version == 2
    steps = list(plan.steps.values_list("kind", "via_link", "at"))
    assert [(kind, via) for kind, via, _at in steps] == [
        (StepKind.CREATED, False),
        (StepKind.SUBMITTED, False),
        (StepKind.RETURNED, True),
        (StepKind.RESUBMITTED, False),
        (StepKind.APPROVED, True),
    ]
    times = [at for _kind, _via, at in steps]
    assert times == sorted(times)
