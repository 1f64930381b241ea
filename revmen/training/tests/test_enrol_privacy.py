"""Enrolment previews and warnings never show a stranger's stored record (issue 15, finding 2).

An organiser could upload one row with someone else's NIP and read that person's name, agency,
unit and e-mail in the dry-run preview and the import's warnings. To anyone who may not already
see the person they now say "a known person" and name the differing columns of the file.
"""

from __future__ import annotations

import io
import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from revmen.accounts.models import AgencyKind
from revmen.accounts.services import agency_create
from revmen.core.models import Job
from revmen.front.testing import TODAY, BaseTestCase, run_queued_tasks
from revmen.training.models import Batch, BatchRole, Enrolment, Programme

from .helpers import person_row, xlsx

URL = "/batches/PRM-T-I/enrol/"
# What the probe read about the outsider (KAB-C), whom BPSDM-TEST's organiser may not see.
STORED = ["Orang Luar”", "KAB-C", "orang@example.go.id"]
KNOWN = (
    "is a known person; the stored record is kept "
    "(the file differs in: nama, instansi, unit, email)"
)


class EnrolPreviewPrivacyTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        institute_y = agency_create(code="BPSDM-Y", name="BPSDM Lain", kind=AgencyKind.INSTITUTE)
        programme = Programme.objects.create(institute=institute_y, code="PRM-Y", name="Lain")
        cls.batch_y = Batch.objects.create(
            programme=programme,
            code="PRM-Y-I",
            name="Angkatan Y",
            start_date=TODAY,
            end_date=TODAY + timedelta(days=30),
        )
        cls.coach_y = cls.make_person("Coach Lain", "197801012003121001", institute_y)
        Enrolment.objects.create(batch=cls.batch_y, person=cls.coach_y, role=BatchRole.COACH)
        # The outsider is a participant at the other institute: its coach may see them.
        Enrolment.objects.create(batch=cls.batch_y, person=cls.outsider, role=BatchRole.PARTICIPANT)

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def stranger_row(self, **overrides: object) -> list[object]:
        values: dict[str, object] = {
            "nip": self.outsider.nip,
            "nama": "Nama Tebakan",
            "email": "tebakan@example.go.id",
        }
        values.update(overrides)
        return person_row(0, **values)

    def preview(self, viewer, rows: list[list[object]]) -> tuple[str, Job]:  # type: ignore[no-untyped-def]
        self.login(viewer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, {"file": SimpleUploadedFile("p.xlsx", xlsx(rows))})
        assert response.status_code == 302, viewer
        run_queued_tasks()
        job = Job.objects.filter(owner=viewer).latest("pk")
        page = self.client.get(f"{URL}{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="preview"' in page
        return page, job

    def assert_hidden(self, *texts: str) -> None:
        for text in texts:
            for stored in STORED:
                assert stored not in text, stored

    def test_an_organiser_sees_a_known_person_never_the_stored_record(self) -> None:
        page, job = self.preview(self.organiser, [self.stranger_row()])
        assert KNOWN in page
        assert "Ready to enrol 1: 0 new people, 1 matched, 0 already in." in page
        self.assert_hidden(page, json.dumps(job.result, ensure_ascii=False))

    def test_the_confirmed_import_warns_the_same_way(self) -> None:
        _page, job = self.preview(self.organiser, [self.stranger_row()])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{URL}{job.pk}/", {})
        run_queued_tasks()
        done = Job.objects.filter(owner=self.organiser).latest("pk")
        assert done.pk != job.pk and done.result["written"]
        page = self.client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        assert KNOWN in page
        self.assert_hidden(page, json.dumps(done.result, ensure_ascii=False))

    def test_a_platform_admin_who_may_see_the_person_sees_the_stored_values(self) -> None:
        page, _job = self.preview(self.admin, [self.stranger_row()])
        assert f"NIP {self.outsider.nip} is “Orang Luar” already" in page
        assert "e-mail in the file: tebakan@example.go.id, stored: orang@example.go.id" in page

    def test_an_organiser_sees_the_values_of_people_they_may_see(self) -> None:
        row = person_row(
            0,
            nip=self.participant.nip,
            nama="Ani Baru",
            unit="Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan",
        )
        page, _job = self.preview(self.organiser, [row])  # already enrolled in their batch
        assert f"NIP {self.participant.nip} is “Ani Peserta” already" in page

    def test_the_uploader_sees_their_own_stored_record(self) -> None:
        row = person_row(0, nip=self.organiser.nip, nama="Siti P.", instansi="BPSDM-TEST", unit="")
        page, _job = self.preview(self.organiser, [row])
        assert f"NIP {self.organiser.nip} is “Siti Penyelenggara” already" in page

    def test_the_one_participant_form_warns_without_the_stored_record(self) -> None:
        self.login(self.organiser)
        data = dict(
            zip(
                ["nip", "nama", "email", "instansi", "unit", "jabatan", "pangkat_golongan"],
                [str(v) for v in self.stranger_row()],
                strict=True,
            )
        )
        response = self.client.post(f"{URL}add/", data, follow=True)
        page = response.content.decode()
        assert KNOWN in page
        self.assert_hidden(page)

    def test_who_may_not_manage_the_batch_cannot_preview_at_all(self) -> None:
        for viewer in [self.coach_y, self.agency_admin, self.facilitator, self.outsider]:
            self.login(viewer)
            assert self.client.get(URL).status_code == 404, viewer
            content = SimpleUploadedFile("p.xlsx", xlsx([self.stranger_row()]))
            assert self.client.post(URL, {"file": content}).status_code == 404, viewer
            assert self.client.post(f"{URL}add/", {"nip": "x"}).status_code == 404, viewer
        assert not Job.objects.exists()


class EnrolCommandPrivacyTests(BaseTestCase):
    def test_the_command_names_the_columns_never_the_stored_values(self) -> None:
        row = person_row(0, nip=self.outsider.nip, nama="Nama Tebakan", email="t@example.go.id")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "peserta.xlsx"
            path.write_bytes(xlsx([row]))
            out, err = io.StringIO(), io.StringIO()
            with translation.override("en"):  # the text under test is the English one
                call_command(
                    "enrol",
                    "import",
                    "--batch",
                    "PRM-T-I",
                    str(path),
                    "--dry-run",
                    stdout=out,
                    stderr=err,
                )
        assert f"warning: row 2: NIP {self.outsider.nip} {KNOWN}" in err.getvalue()
        for stored in STORED:
            assert stored not in out.getvalue() + err.getvalue()
