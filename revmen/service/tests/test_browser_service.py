"""Acceptance: a head of office publishes a standard; 30 people answer the SKM by the open link
and one on a kiosk (which resets); the page shows the IKM and grade that `revmen analyze skm`
gives on the same answers; an anonymous complaint is answered and its response time shown; the
public page works without JavaScript and a first visit transfers under 100 kB compressed."""

from __future__ import annotations

import gzip
import json
import random
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas
from revmen.service.services import standard_save
from revmen.service.standard import COMPONENTS
from revmen.service.tests.helpers import make_service_unit, open_period
from revmen.stats.skm import round_half_up

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
BUDGET = 100_000  # bytes, compressed, first visit


def _no_js(chromium: Any) -> Any:
    context = chromium.new_context(
        viewport=browser.PHONE, locale="en-US", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    return context


def _answer(page: Any, values: dict[str, int]) -> None:
    for code, value in values.items():
        page.check(f"#q-{code} input[value='{value}']")
    with page.expect_navigation():
        page.click("#skm-form button[type=submit]")


def test_service_page_end_to_end(live_server: Any, chromium: Any, browser_page: Any) -> None:
    cache.clear()
    Personas.make_personas()
    service_unit = make_service_unit(Personas.dinkes, slug="dinkes-e2e")
    base, slug = live_server.url, service_unit.slug
    standard_save(
        service_unit=service_unit,
        service_name="Izin praktik",
        components={c.code: f"Isi {c.code}" for c in COMPONENTS},
        is_free=True,
        pledge="Kami siap melayani.",
        change_note="",
        submit=True,
        by=Personas.participant,
    )
    # The head of office approves; the page shows the standard.
    page = browser_page
    browser.log_in(page, base, Personas.head.email, PASSWORD)
    page.goto(f"{base}/kelola/layanan/{slug}/standar/")
    with page.expect_navigation():
        page.click("#approve")
    page.goto(f"{base}/layanan/{slug}/")
    assert page.locator("[data-standard-version='1']").count() == 1
    assert page.locator("[data-free='1']").count() == 1

    period = open_period(service_unit, "2026-I")
    rng = random.Random(13)
    rows: list[list[int]] = []
    for _ in range(30):  # 30 people, each with their own browser, no JavaScript
        context = _no_js(chromium)
        person = context.new_page()
        person.goto(f"{base}/layanan/{slug}/skm/")
        values = {f"U{i}": rng.choice([2, 3, 3, 4, 4]) for i in range(1, 10)}
        values["R1"] = rng.randint(1, 2)
        _answer(person, values)
        assert person.locator("#skm-done[data-already='0']").count() == 1
        rows.append([values[f"U{i}"] for i in range(1, 10)])
        if len(rows) == 1:  # the same browser again: one answer per browser
            person.goto(f"{base}/layanan/{slug}/skm/")
            assert person.locator("#skm-done[data-already='1']").count() == 1
        context.close()

    # A kiosk at the counter, paired by a staff session: answers, then resets by itself.
    kiosk_context = _no_js(chromium)
    kiosk = kiosk_context.new_page()
    browser.log_in(kiosk, base, Personas.participant.email, PASSWORD)
    kiosk.goto(f"{base}/kelola/layanan/{slug}/kiosk/")
    kiosk.fill("input[name=name]", "Loket 1")
    with kiosk.expect_navigation():
        kiosk.click("button[name=here]")
    kiosk_context.clear_cookies(name="sessionid")  # the staff member logs out of the tablet
    kiosk.goto(f"{base}/layanan/{slug}/kiosk/")
    values = {f"U{i}": 4 for i in range(1, 10)}
    _answer(kiosk, values)
    rows.append([4] * 9)
    assert kiosk.locator("#skm-done").count() == 1
    kiosk.wait_for_selector("#skm-form", timeout=20_000)  # the page went back by itself
    assert kiosk.locator("[data-kiosk='1']").count() == 1
    kiosk_context.close()

    # The head closes the period; the page shows the IKM of `revmen analyze skm`.
    page.goto(f"{base}/kelola/layanan/{slug}/periode/{period.pk}/")
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.click("form[action$='/tutup/'] button")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "skm.csv"
        lines = ["U1,U2,U3,U4,U5,U6,U7,U8,U9", *(",".join(map(str, r)) for r in rows)]
        path.write_text("\n".join(lines) + "\n")
        out = StringIO()
        call_command("analyze", "skm", str(path), "--json", stdout=out)
    analyzed = json.loads(out.getvalue())
    assert analyzed["n"] == 31
    page.goto(f"{base}/layanan/{slug}/")
    grade = page.locator("#latest-ikm [data-grade]")
    assert grade.get_attribute("data-grade") == analyzed["grade"]
    assert grade.get_attribute("data-ikm") == str(round_half_up(analyzed["ikm"]))

    # An anonymous complaint, answered by the unit; its response time appears on the page.
    context = _no_js(chromium)
    citizen = context.new_page()
    citizen.goto(f"{base}/layanan/{slug}/")
    citizen.fill("#complaint-form textarea[name=text]", "Antrean terlalu lama.")
    with citizen.expect_navigation():
        citizen.click("#complaint-form button[type=submit]")
    code = citizen.locator("#complaint").get_attribute("data-code")
    assert code and citizen.locator("#complaint[data-status='new']").count() == 1
    complaint = service_unit.complaints.get(tracking_code=code)
    assert complaint.is_anonymous
    page.goto(f"{base}/kelola/layanan/{slug}/pengaduan/{complaint.pk}/")
    page.fill("#reply-form textarea[name=text]", "Kami buka loket tambahan.")
    with page.expect_navigation():
        page.click("#reply-form button[type=submit]")
    citizen.reload()
    assert citizen.locator("#complaint[data-status='answered']").count() == 1
    page.goto(f"{base}/layanan/{slug}/")
    assert page.locator("#response-times tr[data-first-median]").count() == 1
    context.close()

    # First visit with JavaScript off: everything readable, no script loaded, under budget.
    context = _no_js(chromium)
    visitor = context.new_page()
    sizes: dict[str, int] = {}
    visitor.on("requestfinished", lambda request: sizes.setdefault(request.url, _served(request)))
    visitor.goto(f"{base}/layanan/{slug}/", wait_until="load")
    assert visitor.locator("#standar dd#c-requirements").inner_text() == "Isi requirements"
    assert visitor.locator("#latest-ikm").is_visible()
    assert visitor.locator("#complaint-form").is_visible()
    assert not [url for url in sizes if url.endswith(".js")]
    assert visitor.locator("script").count() == 0
    total = sum(sizes.values())
    assert total < BUDGET, sizes
    assert visitor.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()


def _served(request: Any) -> int:
    """Bytes on the wire as production serves them: static files compressed as whitenoise's
    CompressedManifestStaticFilesStorage stores them (gzip, level 9; brotli is smaller still),
    the HTML as Django sends it (no compression middleware: counted uncompressed)."""
    response = request.response()
    body = response.body() if response is not None else b""
    if "/static/" in request.url:
        return len(gzip.compress(body, compresslevel=9))
    return len(body)
