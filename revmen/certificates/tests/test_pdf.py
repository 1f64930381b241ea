"""The PDF read back (pypdf), its QR code rasterised (pypdfium2) and decoded (zxing-cpp), and
the decoded URL verified."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urlsplit

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from revmen.certificates.pdf import render_certificates
from revmen.certificates.services import certificate_issue, certificate_pdf, certificate_revoke
from revmen.certificates.signing import verify_url
from revmen.front.testing import BaseTestCase
from revmen.training.models import Enrolment


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def qr_urls(content: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=2).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


class PdfTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.participant.birth_place = "Sleman"
        cls.participant.pangkat_golongan = "Penata Muda (III/a)"
        cls.participant.save()
        cls.cert = certificate_issue(
            enrolment=Enrolment.objects.get(batch=cls.batch, person=cls.participant),
            outcome="lulus",
            predicate="Sangat Memuaskan",
            final_score=Decimal("91.25"),
            issued_by=cls.organiser,
        )
        cls.content = certificate_pdf(cls.cert)

    def test_it_reads_back_number_name_nip_and_predicate(self) -> None:
        text = pdf_text(self.content)
        for expected in (
            self.cert.number,
            "Ani Peserta",
            self.participant.nip,
            "Sangat Memuaskan".upper(),
            "Sleman",
            "Penata Muda (III/a)",
            "Januari 1990",  # Indonesian month names
        ):
            self.assertIn(expected, text)

    def test_its_qr_code_leads_to_a_genuine_page_then_revoked(self) -> None:
        [url] = qr_urls(self.content)
        self.assertEqual(url, verify_url(self.cert.token))
        path = urlsplit(url).path
        self.assertContains(self.client.get(path), 'data-verdict="genuine"')
        certificate_revoke(certificate=self.cert, reason="uji", by=self.organiser)
        self.assertContains(self.client.get(path), 'data-verdict="revoked"')

    def test_many_at_once_give_one_file_each_in_order(self) -> None:
        other = certificate_issue(
            enrolment=Enrolment.objects.get(batch=self.batch, person=self.participant2),
            outcome="tidak_lulus",
            predicate=None,
            final_score=None,
            issued_by=self.organiser,
        )
        files = render_certificates([self.cert, other])
        self.assertEqual(len(files), 2)
        self.assertIn(self.cert.number, pdf_text(files[0]))
        self.assertIn(other.number, pdf_text(files[1]))
        self.assertIn("Rudi Peserta", pdf_text(files[1]))
        self.assertEqual(qr_urls(files[1]), [verify_url(other.token)])
