from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook

from revmen.accounts.models import CorrectionRequest
from revmen.accounts.owndata import SHEETS
from revmen.accounts.services import role_grant
from revmen.core.models import AuditEntry, Notice
from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Response
from revmen.instruments.tests.helpers import administer, attitude_version
from revmen.training.models import Attendance, Session


class OwnDataTests(BaseTestCase):
    def workbook(self):  # type: ignore[no-untyped-def]
        self.login(self.participant)
        response = self.client.post("/profile/data/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        return load_workbook(io.BytesIO(response.content))

    def cells(self, sheet) -> list:  # type: ignore[no-untyped-def]
        return [cell.value for row in sheet.iter_rows() for cell in row]

    def test_it_holds_profile_roles_enrolments_and_notices(self) -> None:
        Notice.objects.create(person=self.participant, subject="Angkatan dibuka")
        book = self.workbook()
        everything = [v for sheet in book.worksheets for v in self.cells(sheet)]
        self.assertIn("Ani Peserta", everything)
        self.assertIn("199001012015032001", everything)
        self.assertIn("PRM-T-I", everything)
        self.assertIn("Angkatan dibuka", everything)
        # One sheet per registered part (profile, roles, enrolments, attendance, answers,
        # notices, and the learning app's journal and commitments), whatever installs them.
        self.assertEqual(len(book.worksheets), len(SHEETS))
        self.assertGreaterEqual(len(SHEETS), 8)

    def test_it_holds_attendance(self) -> None:
        now = timezone.now()
        session = Session.objects.create(
            batch=self.batch,
            title="Sesi Nilai",
            starts_at=now,
            ends_at=now + timedelta(hours=2),
            jp=2,
        )
        Attendance.objects.create(session=session, person=self.participant)
        everything = [v for sheet in self.workbook().worksheets for v in self.cells(sheet)]
        self.assertIn("Sesi Nilai", everything)

    def test_own_named_answers_are_in_it_anonymous_ones_never(self) -> None:
        version = attitude_version()
        named = administer(version, batch=self.batch, title="Pre-test bernama")
        anonymous = administer(
            version, batch=self.batch, title="Evaluasi anonim", identity="anonymous"
        )
        code = version.items.filter(kind="long_text").first().code  # type: ignore[union-attr]
        Response.objects.create(
            administration=named,
            respondent=self.participant,
            answers=b"\x03\x04",
            texts={code: '=HYPERLINK("http://x")'},
            submitted_on=timezone.localdate(),
        )
        Response.objects.create(
            administration=anonymous,
            answers=b"\x01",
            texts={code: "rahasia anonim"},
            submitted_on=timezone.localdate(),
        )
        book = self.workbook()
        everything = [v for sheet in book.worksheets for v in self.cells(sheet)]
        self.assertIn("Pre-test bernama", everything)
        self.assertNotIn("Evaluasi anonim", everything)
        self.assertNotIn("rahasia anonim", everything)
        formula = [
            cell
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value == '=HYPERLINK("http://x")'
        ]
        self.assertEqual([c.data_type for c in formula], ["s"])

    def test_the_export_is_audited_and_needs_a_post(self) -> None:
        self.workbook()
        self.assertTrue(
            AuditEntry.objects.filter(
                action="accounts.data.export", object_id=str(self.participant.pk)
            ).exists()
        )
        self.assertEqual(self.client.get("/profile/data/").status_code, 405)


class CorrectionTests(BaseTestCase):
    def request_correction(self) -> CorrectionRequest:
        self.login(self.participant)
        response = self.client.post(
            "/profile/correction/",
            {"field": "jabatan", "correct_value": "Analis Kebijakan", "note": "SK baru"},
        )
        self.assertRedirects(response, "/profile/correction/")
        return CorrectionRequest.objects.get(person=self.participant)

    def test_a_person_requests_a_correction_and_sees_its_status(self) -> None:
        self.request_correction()
        page = self.client.get("/profile/correction/")
        self.assertContains(page, "Analis Kebijakan")
        self.assertTrue(AuditEntry.objects.filter(action="accounts.correction.request"))

    def test_their_agency_admin_sees_and_answers_it(self) -> None:
        item = self.request_correction()
        self.login(self.agency_admin)
        self.assertContains(self.client.get("/corrections/"), "Analis Kebijakan")
        self.client.post(f"/corrections/{item.pk}/", {"status": "done", "reply": "Sudah."})
        item.refresh_from_db()
        self.assertEqual(
            (item.status, item.reply, item.handled_by), ("done", "Sudah.", self.agency_admin)
        )
        self.assertTrue(AuditEntry.objects.filter(action="accounts.correction.done"))
        # The agency admin was told of the request, the person of the answer.
        from revmen.core.models import Notice

        told = Notice.objects.get(person=self.agency_admin)
        self.assertEqual(told.link, "/corrections/")
        self.assertIn(self.participant.name, told.text)
        self.assertTrue(Notice.objects.filter(person=self.participant, link="/profile/correction/"))
        self.login(self.participant)
        self.assertContains(self.client.get("/profile/correction/"), "Sudah.")

    def test_without_an_agency_admin_the_platform_admins_are_told(self) -> None:
        from revmen.accounts.corrections import correction_request_create
        from revmen.core.models import Notice

        correction_request_create(person=self.outsider, field="name", correct_value="Nama Baru")
        told = set(Notice.objects.values_list("person_id", flat=True))
        self.assertEqual(told, {self.admin.pk})

    def test_a_platform_admin_may_reject_it(self) -> None:
        item = self.request_correction()
        self.login(self.admin)
        self.client.post(
            f"/corrections/{item.pk}/", {"status": "rejected", "reply": "Tidak sesuai SK."}
        )
        item.refresh_from_db()
        self.assertEqual(item.status, "rejected")
        self.assertTrue(AuditEntry.objects.filter(action="accounts.correction.rejected"))

    def test_others_neither_see_nor_answer_it(self) -> None:
        item = self.request_correction()
        for person in [self.organiser, self.participant, self.outsider, self.culture_admin]:
            self.login(person)
            self.assertEqual(self.client.get("/corrections/").status_code, 404)
            self.client.post(f"/corrections/{item.pk}/", {"status": "done"})
        other_agency_admin = self.make_person("Admin C", "198808082013011008", self.agency_c)
        role_grant(person=other_agency_admin, kind="agency_admin", agency=self.agency_c)
        self.login(other_agency_admin)
        self.assertNotContains(self.client.get("/corrections/"), "Analis Kebijakan")
        self.assertEqual(
            self.client.post(f"/corrections/{item.pk}/", {"status": "done"}).status_code, 404
        )
        item.refresh_from_db()
        self.assertEqual(item.status, "open")
