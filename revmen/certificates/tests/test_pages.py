from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from revmen.certificates import signing
from revmen.certificates.models import Certificate, Status
from revmen.certificates.services import (
    ERR_NOT_PDF,
    certificate_issue,
    certificate_revoke,
    certificate_supersede,
)
from revmen.core.jobs import job_run
from revmen.core.models import Job
from revmen.front.testing import BaseTestCase
from revmen.training.models import Enrolment


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("certificates", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue().strip(), err.getvalue()
    return 0, out.getvalue().strip(), err.getvalue()


class CertificateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.passed = certificate_issue(
            enrolment=Enrolment.objects.get(batch=cls.batch, person=cls.participant),
            outcome="lulus",
            predicate="Sangat Memuaskan",
            final_score=Decimal("91.25"),
            issued_by=cls.organiser,
        )
        cls.failed = certificate_issue(
            enrolment=Enrolment.objects.get(batch=cls.batch, person=cls.participant2),
            outcome="tidak_lulus",
            predicate=None,
            final_score=Decimal("55"),
            issued_by=cls.organiser,
        )

    def url(self, cert: Certificate) -> str:
        return signing.verify_url(cert.token)

    def page(self, url: str) -> tuple[str, str]:
        response = self.client.get(urlsplit(url).path)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        marker = 'data-verdict="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)], html


class VerifyPageTests(CertificateTestCase):
    def test_it_says_genuine_without_nip_or_birth_date(self) -> None:
        word, html = self.page(self.url(self.passed))
        self.assertEqual(word, "genuine")
        self.assertIn(self.passed.number, html)
        self.assertIn("Ani Peserta", html)
        self.assertNotIn(self.participant.nip, html)
        self.assertNotIn("1990", html)  # the birth year of the persona's NIP-derived birth date

    def test_it_is_public_never_cached_and_not_indexed(self) -> None:
        self.client.logout()
        response = self.client.get(urlsplit(self.url(self.passed)).path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        html = response.content.decode()
        for private in (self.passed.birth_place, str(self.passed.final_score)):
            if private:
                self.assertNotIn(private, html)

    def test_a_revoked_page_does_not_show_the_reason(self) -> None:
        certificate_revoke(certificate=self.passed, reason="Data ganda rahasia", by=self.organiser)
        word, html = self.page(self.url(self.passed))
        self.assertEqual(word, "revoked")
        self.assertNotIn("Data ganda rahasia", html)

    def test_it_says_forged_for_one_changed_character(self) -> None:
        url = self.url(self.passed)
        cut = url.index("/verify/") + 20
        altered = url[:cut] + ("A" if url[cut] != "A" else "B") + url[cut + 1 :]
        self.assertEqual(self.page(altered)[0], "forged")
        self.assertEqual(self.page("/verify/garbage/")[0], "forged")

    def test_revoked_and_superseded(self) -> None:
        certificate_revoke(certificate=self.failed, reason="salah orang", by=self.organiser)
        self.assertEqual(self.page(self.url(self.failed))[0], "revoked")
        new = certificate_supersede(
            certificate=self.passed,
            outcome="lulus",
            predicate="Memuaskan",
            final_score=Decimal("85"),
            reason="koreksi nilai",
            by=self.organiser,
        )
        word, html = self.page(self.url(self.passed))
        self.assertEqual(word, "superseded")
        self.assertIn(reverse("certificate_verify", args=[new.token]), html)
        self.assertEqual(self.page(self.url(new))[0], "genuine")

    def test_a_signed_payload_for_an_unknown_number_is_forged_online(self) -> None:
        fields = {
            **json.loads(signing.b64decode(self.passed.token.split(".")[0])),
            "n": "NOWHERE/0001",
        }
        del fields["v"], fields["kid"]
        token = signing.sign(fields)
        self.assertEqual(self.page(signing.verify_url(token))[0], "forged")
        self.assertEqual(run_cli("verify", signing.verify_url(token))[:2], (1, "forged"))
        self.assertEqual(
            run_cli("verify", signing.verify_url(token), "--offline")[:2], (0, "genuine")
        )

    @override_settings(CERTIFICATE_VERIFY_RATE_LIMIT="2/m")
    def test_it_is_rate_limited_per_address(self) -> None:
        path = urlsplit(self.url(self.passed)).path
        statuses = [self.client.get(path).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])


class CommandTests(CertificateTestCase):
    def test_list_json_has_the_fields_in_order(self) -> None:
        code, out, _err = run_cli("list", "--batch", self.batch.code, "--json")
        self.assertEqual(code, 0)
        rows = json.loads(out)
        self.assertEqual(
            list(rows[0]),
            ["number", "kind", "status", "nip", "name", "outcome", "predicate", "verify_url"],
        )
        self.assertEqual([r["number"] for r in rows], [self.passed.number, self.failed.number])
        self.assertEqual(rows[0]["kind"], "sttpp")
        self.assertEqual(rows[0]["predicate"], "Sangat Memuaskan")
        self.assertEqual(rows[1]["kind"], "attendance")
        self.assertIsNone(rows[1]["predicate"])
        self.assertEqual(rows[0]["verify_url"], self.url(self.passed))

    def test_list_nip_is_null_outside_the_civil_service(self) -> None:
        enrolment = Enrolment.objects.create(
            batch=self.batch, person=self.mentor, role="peserta"
        )  # the mentor persona has no NIP
        certificate_issue(
            enrolment=enrolment, outcome="lulus", predicate=None, final_score=None, issued_by=None
        )
        rows = json.loads(run_cli("list", "--batch", self.batch.code, "--json")[1])
        self.assertIsNone(rows[-1]["nip"])

    def test_a_correction_adds_an_entry_and_an_upload_does_not(self) -> None:
        new = certificate_supersede(
            certificate=self.passed,
            outcome="lulus",
            predicate="Memuaskan",
            final_score=Decimal("85"),
            reason="koreksi",
            by=self.organiser,
        )
        rows = json.loads(run_cli("list", "--batch", self.batch.code, "--json")[1])
        self.assertEqual([r["status"] for r in rows], ["superseded", "valid", "valid"])
        self.assertEqual(rows[-1]["number"], new.number)

    def test_list_unknown_batch_exits_2(self) -> None:
        self.assertEqual(run_cli("list", "--batch", "NOPE", "--json")[0], 2)

    def test_verify_exit_codes_online(self) -> None:
        self.assertEqual(run_cli("verify", self.url(self.passed))[:2], (0, "genuine"))
        certificate_revoke(certificate=self.failed, reason="x", by=None)
        self.assertEqual(run_cli("verify", self.url(self.failed))[:2], (3, "revoked"))
        certificate_supersede(
            certificate=self.passed,
            outcome="tidak_lulus",
            predicate=None,
            final_score=Decimal("50"),
            reason="x",
            by=None,
        )
        code, out, err = run_cli("verify", self.url(self.passed))
        self.assertEqual((code, out), (4, "superseded"))
        self.assertIn("superseded by", err)
        self.assertEqual(run_cli("verify", "ftp://x")[0], 2)


class OrganiserPageTests(CertificateTestCase):
    def test_outsiders_get_404(self) -> None:
        for person in (self.facilitator, self.participant, self.outsider):
            self.login(person)
            for url in (
                reverse("batch_certificates", args=[self.batch.code]),
                reverse("certificate_detail", args=[self.passed.pk]),
                reverse("certificate_pdf", args=[self.passed.pk]),
                reverse("certificate_lookup"),
            ):
                self.assertEqual(self.client.get(url).status_code, 404, (person, url))

    def test_lookup_by_number(self) -> None:
        self.login(self.organiser)
        response = self.client.get(reverse("certificate_lookup"), {"number": self.passed.number})
        self.assertRedirects(response, reverse("certificate_detail", args=[self.passed.pk]))
        response = self.client.get(reverse("certificate_lookup"), {"number": "X/0000"})
        self.assertContains(response, 'id="not-found"')

    def test_the_zip_holds_every_valid_certificate(self) -> None:
        self.login(self.organiser)
        response = self.client.post(reverse("batch_certificates_zip", args=[self.batch.code]))
        self.client.post(reverse("batch_certificates_zip", args=[self.batch.code]))  # double click
        job = Job.objects.get(kind="certificates.zip")
        self.assertRedirects(response, reverse("certificate_zip", args=[job.pk]))
        job_run(job.pk)
        response = self.client.get(reverse("certificate_zip", args=[job.pk]), {"download": 1})
        self.assertEqual(response["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            names = archive.namelist()
            self.assertEqual(len(names), 2)
            self.assertTrue(all(archive.read(n).startswith(b"%PDF-") for n in names))
        # stored for reprints
        self.assertTrue(Certificate.objects.get(pk=self.passed.pk).pdf)

    def test_an_externally_signed_pdf_replaces_the_file(self) -> None:
        self.login(self.organiser)
        url = reverse("certificate_upload", args=[self.passed.pk])
        fake = SimpleUploadedFile("signed.pdf", b"<html>not a pdf</html>")
        response = self.client.post(url, {"file": fake})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["upload_form"].errors["file"])
        self.assertFalse(Certificate.objects.get(pk=self.passed.pk).external)
        signed = b"%PDF-1.7\n% signed by BSrE\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        response = self.client.post(url, {"file": SimpleUploadedFile("signed.pdf", signed)})
        self.assertRedirects(response, reverse("certificate_detail", args=[self.passed.pk]))
        cert = Certificate.objects.get(pk=self.passed.pk)
        self.assertTrue(cert.external)
        response = self.client.get(reverse("certificate_pdf", args=[cert.pk]))
        self.assertEqual(response.content, signed)
        self.assertEqual(Certificate.objects.filter(batch=self.batch).count(), 2)
        self.assertIn("not a PDF", ERR_NOT_PDF)

    @override_settings(CERTIFICATE_UPLOAD_MAX_MB=0)
    def test_a_too_large_upload_is_refused(self) -> None:
        self.login(self.organiser)
        signed = b"%PDF-1.7\n%%EOF\n"
        response = self.client.post(
            reverse("certificate_upload", args=[self.passed.pk]),
            {"file": SimpleUploadedFile("signed.pdf", signed)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["upload_form"].errors["file"])
        self.assertFalse(Certificate.objects.get(pk=self.passed.pk).external)

    def test_revoking_from_the_page_needs_a_reason(self) -> None:
        self.login(self.organiser)
        url = reverse("certificate_revoke", args=[self.passed.pk])
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 200)
        self.assertEqual(Certificate.objects.get(pk=self.passed.pk).status, Status.VALID)
        response = self.client.post(url, {"reason": "ijazah palsu"})
        self.assertRedirects(response, reverse("certificate_detail", args=[self.passed.pk]))
        self.assertEqual(Certificate.objects.get(pk=self.passed.pk).status, Status.REVOKED)


class OwnCertificateTests(CertificateTestCase):
    def test_a_participant_downloads_their_own_and_nobody_elses(self) -> None:
        from revmen.certificates.selectors import certificate_url

        url = certificate_url(self.participant, self.batch)
        self.assertEqual(url, reverse("certificate_own_pdf", args=[self.passed.pk]))
        self.login(self.participant)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertEqual(
            self.client.get(reverse("certificate_own_pdf", args=[self.failed.pk])).status_code,
            404,
        )
        self.assertEqual(certificate_url(self.outsider, self.batch), "")
