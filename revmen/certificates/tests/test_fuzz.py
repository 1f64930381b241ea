"""Bad input on the certificates' entry points: the public verification path, the lookup, the
revocation reason and the upload. Never a server error; a refused form changes nothing."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from revmen.certificates.models import Certificate, Status
from revmen.certificates.services import certificate_issue
from revmen.core.tests.strategies import FUZZ, FUZZ_FORM, nasty_text
from revmen.front.testing import Personas
from revmen.training.models import Enrolment


@override_settings(RATELIMIT_ENABLE=False)
class CertificateFuzzTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()
        cls.cert = certificate_issue(
            enrolment=Enrolment.objects.get(batch=cls.batch, person=cls.participant),
            outcome="lulus",
            predicate="Memuaskan",
            final_score=Decimal("82"),
            issued_by=cls.organiser,
        )

    def setUp(self) -> None:
        cache.clear()

    @FUZZ
    @given(nasty_text, st.booleans())
    def test_the_verification_path_takes_any_text(self, text: str, prefix: bool) -> None:
        token = (self.cert.token[:40] if prefix else "") + text
        path = "/verify/" + quote(token.encode("utf-8", "surrogatepass"), safe="") + "/"
        response = self.client.get(path)
        self.assertLess(response.status_code, 500)
        if response.status_code == 200:
            self.assertContains(response, 'data-verdict="forged"')

    @FUZZ_FORM
    @given(nasty_text)
    def test_the_lookup_takes_any_number(self, text: str) -> None:
        self.client.force_login(self.organiser)
        query = urlencode({"number": text}, encoding="utf-8", errors="surrogatepass")
        self.assertLess(self.client.get(f"/certificates/?{query}").status_code, 500)

    @FUZZ_FORM
    @given(nasty_text)
    def test_the_revocation_reason(self, text: str) -> None:
        self.client.force_login(self.organiser)
        body = urlencode({"reason": text}, encoding="utf-8", errors="surrogatepass")
        response = self.client.post(
            f"/certificates/{self.cert.pk}/revoke/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, (200, 302))
        status = Certificate.objects.get(pk=self.cert.pk).status
        self.assertEqual(status, Status.REVOKED if response.status_code == 302 else Status.VALID)
        Certificate.objects.filter(pk=self.cert.pk).update(status=Status.VALID)

    @FUZZ_FORM
    @given(st.binary(max_size=300))
    def test_the_upload_takes_any_bytes(self, content: bytes) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.organiser)
        response = self.client.post(
            f"/certificates/{self.cert.pk}/upload/",
            {"file": SimpleUploadedFile("x.pdf", content)},
        )
        self.assertIn(response.status_code, (200, 302))
        cert = Certificate.objects.get(pk=self.cert.pk)
        self.assertEqual(cert.external, response.status_code == 302)
        Certificate.objects.filter(pk=self.cert.pk).update(external=False, pdf=b"")
