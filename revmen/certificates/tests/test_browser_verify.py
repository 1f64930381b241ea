"""Acceptance (the certificates' part): one batch graded through the grading services (scores,
release, an objection answered, closing), then an organiser makes the batch's .zip in the
browser and downloads it; a PDF read back says number, name, NIP and predicate; its QR code,
rasterised and decoded, opens a page that says genuine; one changed character says forged;
once revoked it says revoked, once corrected superseded (with the link to the current one).
``certificates verify --offline`` in a separate process on an empty database says genuine for
the decoded URL and forged for the altered one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from revmen.certificates import signing
from revmen.certificates.models import Certificate
from revmen.certificates.services import certificate_revoke
from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, run_queued_tasks
from revmen.grading import services as grading
from revmen.grading.models import Grade
from revmen.grading.testing import enrol, rate, take_test
from revmen.grading.tests.test_services import GradingObjects

from .test_pdf import pdf_text, qr_urls

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


class Objects(GradingObjects):
    """The grading personas, made afresh for the live server's database."""


def verdict(page: Any, url: str) -> str:
    page.goto(url)
    return str(page.locator("#verdict").get_attribute("data-verdict"))


MANAGE = [sys.executable, "manage.py"]


def verify_offline_on_an_empty_database(url: str, site: str) -> tuple[int, str, str]:
    """``manage.py certificates verify URL --offline --public-key FILE`` in a new process whose
    database is an empty file: nothing but the signature can be checked."""
    folder = Path(tempfile.mkdtemp())
    public = folder / "public.pem"
    public.write_bytes(signing.public_pem(signing.signing_key().public_key()))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/empty.sqlite3",
        "SITE_URL": site,
        "CERTIFICATE_SIGNING_KEY": "",
    }
    done = subprocess.run(
        [*MANAGE, "certificates", "verify", url, "--offline", "--public-key", str(public)],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.strip(), done.stderr


def graded_and_closed() -> tuple[Any, Any]:
    """Ani passes (all 4s: 100, Sangat Memuaskan) after an answered objection; Gita, who
    attended nothing, does not (attendance certificate); Rudi lacks the presentation (Ditunda,
    no certificate)."""
    o = Objects
    gita = o.make_person("Gita Peserta", "199303032018012003", o.agency_a)
    enrol(o.batch, gita)
    for person in (o.participant, o.participant2):
        rate(o.batch, o.c["sikap"], o.facilitator, person, 4)
        rate(o.batch, o.c["sikap"], o.facilitator2, person, 4)
        take_test(o.test, person, 4)
    rate(o.batch, o.c["proyek"], o.examiner, o.participant, 4)
    grading.grades_compute(batch=o.batch)
    grading.grades_release(batch=o.batch, by=o.organiser)
    ani = Grade.objects.get(enrolment__batch=o.batch, enrolment__person=o.participant)
    objection = grading.objection_file(grade=ani, text="Nilai sikap saya?", by=o.participant)
    grading.objection_answer(objection=objection, answer="Sudah sesuai.", by=o.organiser)
    grading.batch_close(batch=o.batch, by=o.organiser)
    passed = Certificate.objects.get(enrolment__person=o.participant)
    failed = Certificate.objects.get(enrolment__person=gita)
    assert not Certificate.objects.filter(enrolment__person=o.participant2).exists()
    return passed, failed


def test_an_organiser_downloads_the_zip_and_the_qr_code_verifies(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    cache.clear()
    settings.SITE_URL = live_server.url
    Objects.setUpTestData()
    o = Objects
    issued = graded_and_closed()
    base, page = live_server.url, browser_page
    browser.log_in(page, base, o.organiser.email, PASSWORD)
    page.goto(f"{base}/batches/{o.batch.code}/certificates/")
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
    for expected in (passed.number, "Ani Peserta", o.participant.nip, "SANGAT MEMUASKAN"):
        assert expected in text
    [url] = qr_urls(content)
    assert url.startswith(f"{base}/verify/")

    assert verdict(page, url) == "genuine"
    assert page.locator("#number").inner_text() == passed.number
    assert o.participant.nip not in page.content()
    cut = url.index("/verify/") + 30
    altered = url[:cut] + ("A" if url[cut] != "A" else "B") + url[cut + 1 :]
    assert verdict(page, altered) == "forged"

    code, word, notes = verify_offline_on_an_empty_database(url, base)
    assert (code, word) == (0, "genuine"), notes
    assert "revocation" in notes
    code, word, notes = verify_offline_on_an_empty_database(altered, base)
    assert (code, word) == (1, "forged"), notes

    certificate_revoke(certificate=issued[1], reason="uji", by=o.organiser)
    [failed_url] = qr_urls(archive.read(next(n for n in archive.namelist() if n != name)))
    assert verdict(page, failed_url) == "revoked"

    # A correction after closing (grading) supersedes Ani's certificate.
    grade = grading.grade_correct(
        grade=Grade.objects.get(enrolment__batch=o.batch, enrolment__person=o.participant),
        component=o.c["proyek"],
        score="70",
        reason="Salah input nilai penguji",
        by=o.organiser,
    )
    new = Certificate.objects.get(pk=grade.certificate_id)
    assert (new.predicate, new.final_score) == ("Memuaskan", Decimal("82.00"))
    assert verdict(page, url) == "superseded"
    with page.expect_navigation():
        page.click("#current")
    assert page.locator("#verdict").get_attribute("data-verdict") == "genuine"
    assert page.locator("#number").inner_text() == new.number
