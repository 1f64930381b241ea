"""Acceptance (the certificates' part): an organiser makes the batch's .zip in the browser and
downloads it; a PDF read back says number, name, NIP and predicate; its QR code, rasterised and
decoded, opens a page that says genuine; one changed character says forged; once revoked it
says revoked, once corrected superseded (with the link to the current one)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from revmen.certificates.models import Certificate
from revmen.certificates.services import (
    certificate_issue,
    certificate_revoke,
    certificate_supersede,
)
from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas, run_queued_tasks
from revmen.training.models import Enrolment

from .test_pdf import pdf_text, qr_urls

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def verdict(page: Any, url: str) -> str:
    page.goto(url)
    return str(page.locator("#verdict").get_attribute("data-verdict"))


def test_an_organiser_downloads_the_zip_and_the_qr_code_verifies(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    cache.clear()
    settings.SITE_URL = live_server.url
    Personas.make_personas()
    issued = [
        certificate_issue(
            enrolment=Enrolment.objects.get(batch=Personas.batch, person=person),
            outcome=outcome,
            predicate=predicate,
            final_score=Decimal(score),
            issued_by=Personas.organiser,
        )
        for person, outcome, predicate, score in [
            (Personas.participant, "lulus", "Sangat Memuaskan", "92.10"),
            (Personas.participant2, "tidak_lulus", None, "48"),
        ]
    ]
    base, page = live_server.url, browser_page
    browser.log_in(page, base, Personas.organiser.email, PASSWORD)
    page.goto(f"{base}/batches/{Personas.batch.code}/certificates/")
    assert page.locator("#certificates tr[data-certificate]").count() == 2
    with page.expect_navigation():
        page.click("#make-zip")
    run_queued_tasks()
    page.reload()
    with page.expect_download() as download_info:
        page.click("#download-zip")
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    passed = issued[0]
    [name] = [n for n in archive.namelist() if n.endswith(passed.number.split("/")[-1] + ".pdf")]
    content = archive.read(name)

    text = pdf_text(content)
    for expected in (passed.number, "Ani Peserta", Personas.participant.nip, "SANGAT MEMUASKAN"):
        assert expected in text
    [url] = qr_urls(content)
    assert url.startswith(f"{base}/verify/")

    assert verdict(page, url) == "genuine"
    assert page.locator("#number").inner_text() == passed.number
    assert Personas.participant.nip not in page.content()
    cut = url.index("/verify/") + 30
    altered = url[:cut] + ("A" if url[cut] != "A" else "B") + url[cut + 1 :]
    assert verdict(page, altered) == "forged"

    certificate_revoke(certificate=issued[1], reason="uji", by=Personas.organiser)
    [failed_url] = qr_urls(archive.read(next(n for n in archive.namelist() if n != name)))
    assert verdict(page, failed_url) == "revoked"

    new = certificate_supersede(
        certificate=Certificate.objects.get(pk=passed.pk),
        outcome="lulus",
        predicate="Memuaskan",
        final_score=Decimal("88"),
        reason="koreksi nilai",
        by=Personas.organiser,
    )
    assert verdict(page, url) == "superseded"
    with page.expect_navigation():
        page.click("#current")
    assert page.locator("#verdict").get_attribute("data-verdict") == "genuine"
    assert page.locator("#number").inner_text() == new.number
