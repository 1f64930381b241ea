"""Enrolment import: every rule of the sheet, all-or-nothing, matching by NIP, invitations."""

from __future__ import annotations

from unittest import mock

from django.contrib.auth.hashers import is_password_usable
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from revmen.accounts.models import Person
from revmen.accounts.services import unit_ensure_path
from revmen.front.testing import BaseTestCase
from revmen.training.imports import import_enrolments
from revmen.training.models import BatchRole, Enrolment

from .helpers import HEADER, nip, person_row, xlsx


class EnrolmentImportTests(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))  # messages are asserted in English

    def run_import(self, content: bytes, name: str = "peserta.xlsx", **kwargs: object):  # type: ignore[no-untyped-def]
        return import_enrolments(name, content, batch=self.batch, **kwargs)  # type: ignore[arg-type]

    def participants(self) -> int:
        return self.batch.enrolments.filter(role=BatchRole.PARTICIPANT).count()

    def test_it_enrols_new_people_with_no_usable_password(self) -> None:
        result = self.run_import(xlsx([person_row(n) for n in range(3)]))
        assert result.errors == []
        assert result.line() == "enrolled 3 (created 3, matched 0, already 0)"
        person = Person.objects.get(nip=nip(1))
        assert person.name == "Peserta Nomor 1"
        assert person.unit == self.dinkes and person.agency == self.agency_a
        assert person.birth_date is not None and person.sex == "L"
        assert person.pangkat_golongan == "Penata / III/c"
        assert not is_password_usable(person.password)
        assert self.participants() == 5

    def test_it_queues_an_invitation_for_each_new_person_after_commit(self) -> None:
        with (
            mock.patch("revmen.training.imports.invitation_send") as send,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.run_import(xlsx([person_row(n) for n in range(2)]))
        assert sorted(c.kwargs["person"].nip for c in send.call_args_list) == [nip(0), nip(1)]

    def test_headers_are_case_insensitive_and_extra_columns_are_noted(self) -> None:
        header = [h.upper() for h in HEADER] + ["Catatan"]
        result = self.run_import(xlsx([[*person_row(1), "x"]], header=header))
        assert result.errors == []
        assert result.notes == ["Ignored column(s): catatan"]
        assert result.created == 1

    def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(self) -> None:
        rows = [person_row(1), [None] * 7, person_row(2, nip="123")]
        result = self.run_import(xlsx(rows))
        assert [str(e).split(":")[0] for e in result.errors] == ["row 4"]

    def test_only_the_first_sheet_is_read(self) -> None:
        from io import BytesIO

        from openpyxl import load_workbook

        workbook = load_workbook(BytesIO(xlsx([person_row(1)])))
        workbook.create_sheet("lain").append(["nip"])
        buffer = BytesIO()
        workbook.save(buffer)
        assert self.run_import(buffer.getvalue()).created == 1

    def test_email_is_optional_and_need_not_be_unique(self) -> None:
        rows = [
            person_row(1, email=None),
            person_row(2, email="kantor@example.go.id"),
            person_row(3, email="kantor@example.go.id"),
        ]
        result = self.run_import(xlsx(rows))
        assert result.errors == [] and result.created == 3
        assert Person.objects.get(nip=nip(1)).email == ""

    def test_an_excel_number_nip_is_a_bad_row_saying_so(self) -> None:
        result = self.run_import(xlsx([person_row(1, nip=float(nip(1)))]))
        [error] = result.errors
        assert (error.row, error.column) == (2, "nip")
        assert "Excel stored this NIP as a number" in error.reason
        assert "15 digits" in error.reason

    def test_every_bad_row_is_listed_with_its_reason_and_nothing_is_written(self) -> None:
        rows = [
            person_row(1),
            person_row(2, nip="198513322010121002"),  # no 32nd day
            person_row(3, nip=nip(1)),  # duplicate
            person_row(4, instansi="KAB-TIDAK-ADA"),
            person_row(5, unit="Dinas Tidak Ada"),
            person_row(6, nama=""),
            person_row(7, email="bukan-email"),
            person_row(8, nip=""),
        ]
        result = self.run_import(xlsx(rows))
        assert [str(e) for e in result.errors] == [
            "row 3: nip: NIP digits 1-8 (19851332) are not a real birth date YYYYMMDD.",
            f"row 4: nip: NIP {nip(1)} is already in row 2",
            "row 5: instansi: unknown agency “KAB-TIDAK-ADA”: give its code or its exact name",
            "row 6: unit: unknown unit “Dinas Tidak Ada” in PEMPROV-A",
            "row 7: nama: is empty",
            "row 8: email: “bukan-email” is not an e-mail address",
            "row 9: nip: is empty",
        ]
        assert not result.written
        assert not Person.objects.filter(nip=nip(1)).exists()
        assert self.participants() == 2

    def test_instansi_is_a_code_in_any_case_or_the_exact_name(self) -> None:
        rows = [
            person_row(1, instansi="pemprov-a"),
            person_row(2, instansi="Pemerintah Kota B", unit=""),
        ]
        result = self.run_import(xlsx(rows))
        assert result.errors == []
        assert Person.objects.get(nip=nip(2)).unit.path == ""  # type: ignore[union-attr]
        assert Person.objects.get(nip=nip(2)).agency == self.agency_b

    def test_a_deep_unit_path_is_found(self) -> None:
        path = "Dinas Kesehatan / Bidang Pelayanan/Seksi Rujukan"
        result = self.run_import(xlsx([person_row(1, unit=path)]))
        assert result.errors == []
        assert Person.objects.get(nip=nip(1)).unit == self.seksi

    def test_it_can_enrol_only_the_valid_rows_when_asked(self) -> None:
        rows = [person_row(1), person_row(2, nip="1")]
        result = self.run_import(xlsx(rows), only_valid=True)
        assert result.written and result.skipped_rows == 1
        assert result.line() == "enrolled 1 (created 1, matched 0, already 0)"

    def test_dry_run_writes_nothing(self) -> None:
        result = self.run_import(xlsx([person_row(1)]), dry_run=True)
        assert result.created == 1 and not result.written
        assert not Person.objects.filter(nip=nip(1)).exists()

    def test_a_crash_midway_leaves_nothing(self) -> None:
        rows = [person_row(n) for n in range(1200)]
        calls = []

        def progress(done: int, total: int) -> None:
            calls.append(done)
            if done > 1200:  # the write phase, after the first chunk was saved
                assert Person.objects.filter(nip=nip(0)).exists()
                raise RuntimeError("disk full")

        with self.assertRaises(RuntimeError):
            self.run_import(xlsx(rows), progress=progress)
        assert not Person.objects.filter(nip__in=[nip(0), nip(600)]).exists()
        assert self.participants() == 2

    def test_existing_people_are_matched_by_nip_and_kept_with_a_warning(self) -> None:
        row = person_row(
            0,
            nip=self.outsider.nip,
            nama="Orang Luar Baru",
            email="baru@example.go.id",
        )
        result = self.run_import(xlsx([row]), viewer=self.admin)  # who may see the outsider
        assert result.line() == "enrolled 1 (created 0, matched 1, already 0)"
        [warning] = result.warnings
        assert warning.startswith(f"row 2: NIP {self.outsider.nip} is “Orang Luar” already")
        assert "name in the file: “Orang Luar Baru”" in warning
        assert "unit in the file: PEMPROV-A / Dinas Kesehatan, stored: KAB-C" in warning
        assert "e-mail in the file: baru@example.go.id, stored: orang@example.go.id" in warning
        self.outsider.refresh_from_db()
        assert self.outsider.name == "Orang Luar" and self.outsider.email == "orang@example.go.id"
        assert Enrolment.objects.filter(batch=self.batch, person=self.outsider).exists()

    def test_the_same_file_twice_enrols_nobody_twice(self) -> None:
        content = xlsx([person_row(n) for n in range(3)])
        self.run_import(content)
        result = self.run_import(content)
        assert result.line() == "enrolled 3 (created 0, matched 0, already 3)"
        assert self.participants() == 5

    def test_people_already_in_the_batch_are_left_as_they_are(self) -> None:
        Enrolment.objects.filter(person=self.participant2).update(is_active=False)
        row = person_row(
            0, nip=self.participant2.nip, nama="Rudi Peserta", email="", instansi="KOTA-B", unit=""
        )
        result = self.run_import(xlsx([row]))
        assert (result.already, result.warnings) == (1, [])
        assert not Enrolment.objects.get(person=self.participant2).is_active

    def test_batch_staff_cannot_be_enrolled_as_participants(self) -> None:
        row = person_row(0, nip=self.facilitator.nip, instansi="BPSDM-TEST", unit="")
        [error] = self.run_import(xlsx([row]), dry_run=True, viewer=self.organiser).errors
        assert str(error) == "row 2: nip: Budi Widyaiswara is already Facilitator in this batch"
        [error] = self.run_import(xlsx([row])).errors  # no viewer: no name
        assert str(error) == "row 2: nip: this NIP is already Facilitator in this batch"

    def test_a_stranger_matched_by_nip_is_a_known_person_without_stored_values(self) -> None:
        # Issue 15, finding 2: a NIP must not look up the name, unit or e-mail of someone the
        # uploader may not see (the organiser of BPSDM-TEST may not see the outsider of KAB-C).
        row = person_row(
            0, nip=self.outsider.nip, nama="Orang Luar Baru", email="baru@example.go.id"
        )
        for viewer in [self.organiser, None]:
            result = self.run_import(xlsx([row]), dry_run=True, viewer=viewer)
            assert result.line().endswith("(created 0, matched 1, already 0)")
            assert result.warnings == [
                f"row 2: NIP {self.outsider.nip} is a known person; the stored record is kept "
                "(the file differs in: nama, instansi, unit, email)"
            ]
            shown = " ".join(result.warnings + [str(e) for e in result.errors])
            for stored in ["Orang Luar”", "KAB-C", "orang@example.go.id"]:
                assert stored not in shown, (viewer, stored)

    def test_the_columns_named_are_only_those_that_differ(self) -> None:
        row = person_row(
            0, nip=self.outsider.nip, nama="orang  luar", email="", instansi="KAB-C", unit=""
        )
        assert self.run_import(xlsx([row]), dry_run=True, viewer=self.organiser).warnings == []
        unit_ensure_path(agency=self.agency_c, path="Inspektorat")
        row = person_row(
            0,
            nip=self.outsider.nip,
            nama="Orang Luar",
            email="",
            instansi="KAB-C",
            unit="Inspektorat",
        )
        [warning] = self.run_import(xlsx([row]), dry_run=True, viewer=self.organiser).warnings
        assert warning.endswith("(the file differs in: unit)"), warning

    def test_going_over_capacity_warns_but_enrols(self) -> None:
        self.batch.capacity = 3
        self.batch.save()
        result = self.run_import(xlsx([person_row(n) for n in range(2)]))
        assert result.warnings[0] == (
            "The batch will have 4 participants, more than its capacity of 3."
        )
        assert result.written and self.participants() == 4

    def test_a_csv_with_semicolons_works(self) -> None:
        text = ";".join(HEADER) + "\n" + ";".join(str(v) for v in person_row(1)) + "\n"
        result = self.run_import(text.encode(), name="peserta.csv")
        assert result.errors == [] and result.created == 1

    def test_it_takes_a_constant_number_of_queries_to_check(self) -> None:
        def queries(n: int) -> int:
            content = xlsx([person_row(i) for i in range(n)])
            with CaptureQueriesContext(connection) as context:
                self.run_import(content, dry_run=True)
            return len(context.captured_queries)

        assert queries(5) == queries(50)
