"""Acceptance: a culture admin opens a wave on a 3-level tree, 12 respondents answer through
single-use links, and the report hides the units below k but still shows the agency."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas, run_periodic, run_queued_tasks
from revmen.instruments.library import load_library

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ANSWER_ALL = """() => {
  const radios = [...document.querySelectorAll('main input[type=radio]')];
  new Set(radios.map(i => i.name)).forEach(name => {
    const agree = document.querySelector(`main input[name="${name}"][value="4"]`);
    (agree || document.querySelector(`main input[name="${name}"]`)).checked = true;
  });
}"""


def wib(moment: Any) -> str:
    return moment.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%dT%H:%M")


def download_links(page: Any, unit_label: str, count: int) -> list[str]:
    page.select_option("select[name=unit]", label=unit_label)
    page.fill("input[name=count]", str(count))
    with page.expect_download() as info:
        page.click("text=.xlsx")
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).worksheets[0]
    return [row[1].value for row in sheet.iter_rows(min_row=2)]


def answer(chromium: Any, link: str, base: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + link[link.index("/t/") :])
        while page.locator("main button[name=next]").count():
            page.evaluate(ANSWER_ALL)
            with page.expect_navigation():
                page.click("main button[name=next]")
        with page.expect_navigation():
            page.click("main button[name=submit]")
        assert page.locator("main h1").inner_text() == "Terima kasih"
    finally:
        context.close()


def test_a_wave_answered_through_tokens_reports_without_exposing_small_units(
    live_server: Any, browser_page: Any, chromium: Any
) -> None:
    cache.clear()
    load_library()
    Personas.make_personas()
    base, page = live_server.url, browser_page
    browser.log_in(page, base, Personas.culture_admin.email, PASSWORD)
    page.goto(f"{base}/culture/")
    with page.expect_navigation():
        page.click("a:has-text('PEMPROV-A')")
    page.fill("input[name=name]", "Gelombang Uji")
    now = timezone.now()
    page.fill("input[name=opens_at]", wib(now - timedelta(hours=1)))
    page.fill("input[name=closes_at]", wib(now + timedelta(days=7)))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    wave_url = page.url
    links = (
        download_links(page, "Dinas Kesehatan/Bidang Pelayanan", 8)
        + download_links(page, "Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan", 3)
        + download_links(page, "Sekretariat Daerah", 1)
    )
    assert len(links) == 12
    for link in links:
        answer(chromium, link, base)
    run_periodic()  # `culture.fold`, which `make run`'s worker runs every 30 s
    page.goto(wave_url)
    assert page.locator("tr[data-unit] td[data-n]").first.inner_text() == "12"
    page.click("details.close-wave summary")
    page.check("form[action$='/close/'] input[name=confirm]")
    with page.expect_navigation():
        page.click("form[action$='/close/'] button")
    assert page.locator("[data-status=closing]").count() == 1  # computed in the background
    run_queued_tasks()  # the worker `make run` starts; the page polls and moves on when done
    page.wait_for_url("**/report/")
    rows = page.locator("tr[data-shown]")
    root = rows.first
    assert root.get_attribute("data-shown") == "1"
    assert root.get_attribute("data-unit") == ""
    seksi = page.locator("tr[data-unit='Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan']")
    assert seksi.get_attribute("data-shown") == "0"
    cells = root.locator("td").all_inner_texts()
    assert cells[1] == "12"
    assert cells[2].split()[0][0].isdigit()  # the index, e.g. "100,0 A"
    assert page.locator("[data-index]").count() == 1
