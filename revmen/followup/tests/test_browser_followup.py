"""Acceptance in the browser: the clock passes +3 months, the questionnaire goes out, peers
answer through their links, the alumnus sees self vs others only once three peers answered
and the window closed, and a fourth answer after the close changes nothing shown."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas
from revmen.instruments.library import load_library
from revmen.training.models import BatchRole, Enrolment

from ..models import Rater, RaterRole, Round
from ..services import JAKARTA, add_months, peer_token

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def run(day: object) -> str:
    out = StringIO()
    call_command("followup", "run", "--now", str(day), stdout=out)
    return out.getvalue().strip()


def answer(page: Any, url: str, value: int) -> None:
    """Answer every scale item with ``value`` and send."""
    page.goto(url)
    while page.locator("button[name=next]").count():
        names = page.eval_on_selector_all("input[type=radio]", "es => es.map(e => e.name)")
        for name in set(names):
            page.check(f"input[name='{name}'][value='{value}']")
        with page.expect_navigation():
            page.click("button[name=next]")
    with page.expect_navigation():
        page.click("button[name=submit]")


def comparison(page: Any, base: str, round_: Round) -> str:
    page.goto(f"{base}/followup/rounds/{round_.pk}/")
    html = page.content()
    found = re.search(r'<section id="comparison".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_sent_at_three_months_peers_answer_frozen_at_close(
    live_server: Any, phone_page: Any
) -> None:
    load_library()
    Personas.make_personas()
    today = timezone.localdate(timezone=JAKARTA)
    closed = today - timedelta(days=95)
    batch = Personas.batch
    batch.closed_at = datetime.combine(closed, time(15), tzinfo=JAKARTA)
    batch.save(update_fields=["closed_at"])
    Enrolment.objects.filter(
        batch=batch, person=Personas.participant, role=BatchRole.PARTICIPANT
    ).update(mentor=Personas.mentor)
    due = add_months(closed, 3)
    assert run(due - timedelta(days=1)) == "sent 0"
    assert run(due) == "sent 3"
    round_ = Round.objects.get(enrolment__person=Personas.participant)

    base, page = live_server.url, phone_page
    browser.log_in(page, base, Personas.participant.email, PASSWORD)
    page.goto(f"{base}/followup/")
    page.click(f"[data-round='{round_.pk}'] a")
    for i in range(1, 5):
        page.fill("input[name=name]", f"Rekan {i}")
        page.fill("input[name=email]", f"rekan{i}@contoh.id")
        with page.expect_navigation():
            page.click("#peers button[type=submit]")
    assert page.locator("#peer-counts").get_attribute("data-chosen") == "4"
    # The self-assessment, from the alumnus's own page.
    answer(page, f"{base}/q/{round_.administration_id}/", 5)
    assert run(due) == "sent 4"  # the four peers' invitations, once

    peers = list(Rater.objects.filter(round=round_, role=RaterRole.PEER).order_by("pk"))
    context = page.context.browser.new_context()
    peer_page = context.new_page()
    for rater, value in zip(peers[:2], (2, 3), strict=True):
        answer(peer_page, f"{base}/followup/peer/{peer_token(rater)}/", value)
    assert comparison(page, base, round_) == ""
    answer(peer_page, f"{base}/followup/peer/{peer_token(peers[2])}/", 4)
    assert comparison(page, base, round_) == ""  # open: not before the window closes
    assert page.locator("#peer-counts").get_attribute("data-answered") == "3"

    run(round_.closes_on)  # the clock passes the end of the window: figures frozen
    shown = comparison(page, base, round_)
    assert 'data-peers-shown="1"' in shown and 'data-n-peers="3"' in shown
    assert 'data-scale="TOTAL" data-self="5.0" data-others="3.0" data-peers="3.0"' in shown
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    # A fourth peer after the close: refused, and nothing shown changes.
    peer_page.goto(f"{base}/followup/peer/{peer_token(peers[3])}/")
    assert peer_page.locator("input[type=radio]").count() == 0
    run(round_.closes_on + timedelta(days=1))
    assert comparison(page, base, round_) == shown
    context.close()
