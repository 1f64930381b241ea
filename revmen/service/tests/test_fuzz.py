"""Bad input on the public entry points of the service app: the SKM answer page, the kiosk
pairing, the complaint form and tracking take any text (NUL, lone surrogates, huge values)
and answer with a page, never a server error, storing nothing the database cannot hold."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from revmen.core.tests.strategies import FUZZ, nasty_text, unstorable_rows
from revmen.front.testing import Personas
from revmen.instruments.models import Response
from revmen.service.models import Complaint, Kiosk
from revmen.service.tests.helpers import make_service_unit, open_period


def body(data: dict[str, str]) -> str:
    return urlencode(data, encoding="utf-8", errors="surrogatepass")


@override_settings(RATELIMIT_ENABLE=False)
class ServiceFuzzTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()
        cls.service_unit = make_service_unit(cls.dinkes, slug="fuzz")
        cls.period = open_period(cls.service_unit)

    def setUp(self) -> None:
        cache.clear()

    def post(self, url: str, data: dict[str, str]) -> object:
        return self.client.post(url, body(data), content_type="application/x-www-form-urlencoded")

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["U1", "U5", "R1", "R5", "key", "x"]), nasty_text))
    def test_the_skm_answer_page(self, fields: dict[str, str]) -> None:
        data = {f"U{i}": "3" for i in range(1, 10)} | {"key": "fuzz-key-0123456789"} | fields
        response = self.post("/layanan/fuzz/skm/", data)
        self.assertIn(response.status_code, (200, 400))  # type: ignore[attr-defined]
        self.assertEqual(unstorable_rows(Response), [])

    @FUZZ
    @given(nasty_text, nasty_text, nasty_text, st.sampled_from(["complaint", "suggestion", ""]))
    def test_the_complaint_form(self, text: str, name: str, key: str, kind: str) -> None:
        data = {"kind": kind, "text": text, "name": name, "contact": name, "key": key}
        response = self.post("/layanan/fuzz/pengaduan/", data)
        self.assertIn(response.status_code, (302, 400))  # type: ignore[attr-defined]
        self.assertEqual(unstorable_rows(Complaint), [])

    @FUZZ
    @given(nasty_text)
    def test_pairing_and_tracking(self, code: str) -> None:
        response = self.post("/layanan/fuzz/kiosk/pasang/", {"code": code})
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertFalse(Kiosk.objects.exclude(secret_hash="").exists())
        query = urlencode({"code": code}, encoding="utf-8", errors="surrogatepass")
        track = self.client.get(f"/layanan/pengaduan/lacak/?{query}")
        self.assertLess(track.status_code, 500)
        page = self.client.get(f"/layanan/{quote(code.encode('utf-8', 'surrogatepass'), safe='')}/")
        self.assertLess(page.status_code, 500)
