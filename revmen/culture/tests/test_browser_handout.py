"""Handing out a wave in the browser: copy the open link, print a poster whose QR code a phone
reads back as that link (decoded from a screenshot), and give the wave more time."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import zxingcpp
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from revmen.core.tests import browser
from revmen.culture.models import Wave
from revmen.culture.services import wave_create
from revmen.front.testing import PASSWORD, Personas
from revmen.instruments.library import load_library

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_copy_poster_qr_and_extend(live_server: Any, phone_page: Any) -> None:
    cache.clear()
    load_library()
    Personas.make_personas()
    now = timezone.now()
    wave = wave_create(
        agency=Personas.agency_a,
        name="Gelombang Poster",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
        created_by=Personas.culture_admin,
    )
    base, page = live_server.url, phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    browser.log_in(page, base, Personas.culture_admin.email, PASSWORD)
    page.goto(f"{base}/culture/waves/{wave.pk}/")
    link = page.locator("#open-link").inner_text()
    copy = page.locator("[data-copy='#open-link']")
    assert copy.is_visible()  # shown once copy.js runs (the CSP allows only static scripts)
    copy.click()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    assert copy.inner_text() == "Disalin"

    seksi = Personas.seksi
    page.goto(f"{base}/culture/waves/{wave.pk}/poster/?unit={seksi.pk}")
    png = page.locator("[data-qr] svg").screenshot()
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert code.text == f"{link}?unit={seksi.pk}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    page.goto(f"{base}/culture/waves/{wave.pk}/")
    page.click("text=Beri gelombang waktu tambahan")
    later = (now + timedelta(days=10)).astimezone(timezone.get_fixed_timezone(7 * 60))
    page.fill("input[name=closes_at]", later.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.click("form[action$='/extend/'] button")
    assert "sekarang berakhir" in page.locator(".flash").first.inner_text()
    closes = Wave.objects.get(pk=wave.pk).administration.closes_at
    assert abs(closes - later) < timedelta(minutes=1)
