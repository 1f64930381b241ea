"""Acceptance: an organiser creates a programme, opens a batch, uploads 30 participants of which
3 rows are bad, sees the 3 reasons, fixes the file, enrols all 30, schedules a session; a
participant checks in; the attendance shows on both sides."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas, run_queued_tasks
from revmen.training.models import Batch, BatchRole

from .helpers import person_row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def upload(page: Any, base: str, path: Path) -> None:
    page.goto(f"{base}/batches/PRM-27-I/enrol/")
    page.set_input_files("input[name=file]", str(path))
    submit(page, "main form[enctype] button[type=submit]")
    run_queued_tasks()


def test_an_organiser_enrols_from_excel_and_a_participant_checks_in(
    live_server: Any, browser_page: Any, chromium: Any, tmp_path: Path
) -> None:
    cache.clear()
    Personas.make_personas()
    base, page = live_server.url, browser_page
    browser.log_in(page, base, Personas.organiser.email, PASSWORD)

    page.goto(f"{base}/programmes/new/")
    page.fill("input[name=code]", "PRM-27")
    page.fill("input[name=name]", "Pelatihan Revolusi Mental 2027")
    submit(page)
    page.click("summary:below(h2) >> nth=0")
    page.fill("form[action$='/agendas/'] input[name=name]", "Agenda Nilai")
    submit(page, "form[action$='/agendas/'] button")
    page.click("details:has(form[action$='/subjects/']) summary")
    page.select_option("form[action$='/subjects/'] select[name=agenda]", label="Agenda Nilai")
    page.fill("form[action$='/subjects/'] input[name=name]", "Integritas")
    page.fill("form[action$='/subjects/'] input[name=jp]", "6")
    submit(page, "form[action$='/subjects/'] button")
    assert page.locator("[data-total-jp='6']").count() == 1

    page.goto(f"{base}/programmes/PRM-27/batches/new/")
    today = timezone.localdate()
    page.fill("input[name=code]", "PRM-27-I")
    page.fill("input[name=name]", "Angkatan I")
    page.fill("input[name=start_date]", (today - timedelta(days=1)).isoformat())
    page.fill("input[name=end_date]", (today + timedelta(days=60)).isoformat())
    page.fill("input[name=capacity]", "30")
    submit(page)
    assert Batch.objects.filter(code="PRM-27-I").exists()

    rows = [person_row(n) for n in range(29)]
    rows.append(person_row(99, nip=Personas.participant.nip, nama="Ani Peserta", unit=""))
    bad = [list(r) for r in rows]
    bad[3][0] = float(str(bad[3][0]))  # Excel turned the NIP into a number
    bad[10][3] = "KAB-ENTAH"
    bad[20][4] = "Dinas Hilang"
    (tmp_path / "bad.xlsx").write_bytes(xlsx(bad))
    upload(page, base, tmp_path / "bad.xlsx")
    page.wait_for_selector("[data-status=preview]")
    problems = page.locator("#bad-rows tr[data-problem]")
    cells = [problems.nth(i).locator("td").all_inner_texts() for i in range(problems.count())]
    assert [c[:2] for c in cells] == [["5", "nip"], ["12", "instansi"], ["22", "unit"]]
    assert all(c[2] for c in cells)  # a reason in words for each
    # The banner agrees with the box below it, and the valid rows are listed before confirming.
    assert "daftarkan hanya baris yang valid" in page.locator("[data-status=preview]").inner_text()
    assert page.locator("#valid-rows tr[data-valid-row]").count() == 27

    (tmp_path / "good.xlsx").write_bytes(xlsx(rows))
    upload(page, base, tmp_path / "good.xlsx")
    page.wait_for_selector("[data-status=preview]")
    assert page.locator("#bad-rows tr").count() == 0
    assert page.locator("#valid-rows tr[data-valid-row]").count() == 30
    submit(page, "#enrol-job form button[type=submit]")
    run_queued_tasks()
    page.wait_for_selector("[data-status=written]")
    batch = Batch.objects.get(code="PRM-27-I")
    assert batch.enrolments.filter(role=BatchRole.PARTICIPANT).count() == 30

    page.goto(f"{base}/batches/PRM-27-I/sessions/new/")
    now = timezone.now().astimezone(ZoneInfo("Asia/Jakarta"))
    page.fill("input[name=title]", "Integritas sesi 1")
    page.fill("input[name=day]", now.date().isoformat())
    page.fill("input[name=starts]", "00:00")
    page.fill("input[name=ends]", "23:59")
    page.select_option("select[name=zone]", "Asia/Jakarta")
    page.fill("input[name=jp]", "3")
    page.fill("input[name=room]", "Aula")
    submit(page)
    session = batch.sessions.get()
    page.goto(f"{base}/batches/PRM-27-I/sessions/{session.pk}/")
    submit(page, "main form button[type=submit]")
    code = page.locator("#checkin-code").inner_text()

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        browser.log_in(phone, base, Personas.participant.email, PASSWORD)
        phone.goto(f"{base}/batches/PRM-27-I/timetable/")
        phone.fill("form.checkin input[name=code]", code)
        submit(phone, "form.checkin button")
        assert phone.locator(f"tr[data-session='{session.pk}'] [data-status=present]").count() == 1
        assert phone.locator("[data-attendance]").count() == 1
    finally:
        context.close()

    page.goto(f"{base}/batches/PRM-27-I/")
    assert page.locator("[data-cell=present]").count() == 1
    assert page.locator("[data-participants='30']").count() == 1
