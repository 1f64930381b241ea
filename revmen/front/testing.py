"""Test personas: every view gets its "may / may not" tests in a line each.

- ``admin``: platform admin;  ``organiser``: penyelenggara of the institute BPSDM-TEST;
- ``facilitator``: facilitator of ``batch``;  ``participant`` and ``participant2``: peserta of
  ``batch`` (from PEMPROV-A and KOTA-B);  ``mentor``: mentor in ``batch``, no NIP (police);
- ``agency_admin`` and ``culture_admin`` of PEMPROV-A;  ``head``: head of PEMPROV-A's Dinas
  Kesehatan;  ``outsider``: a person of KAB-C with no role at all.
"""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from revmen.accounts.models import Agency, AgencyKind, Person, RoleKind, Unit
from revmen.accounts.services import (
    agency_create,
    person_create,
    role_grant,
    unit_ensure_path,
)
from revmen.training.models import Batch, BatchRole, Enrolment, Programme

PASSWORD = "rahasia-123"
TODAY = date(2026, 11, 24)


class Personas:
    institute: Agency
    agency_a: Agency
    agency_b: Agency
    agency_c: Agency
    dinkes: Unit
    seksi: Unit
    sekretariat: Unit
    admin: Person
    organiser: Person
    facilitator: Person
    participant: Person
    participant2: Person
    mentor: Person
    agency_admin: Person
    culture_admin: Person
    head: Person
    outsider: Person
    batch: Batch

    @classmethod
    def make_personas(cls) -> None:
        cls.institute = agency_create(
            code="BPSDM-TEST", name="BPSDM Uji", kind=AgencyKind.INSTITUTE
        )
        cls.agency_a = agency_create(code="PEMPROV-A", name="Pemerintah Provinsi A")
        cls.agency_b = agency_create(
            code="KOTA-B", name="Pemerintah Kota B", timezone="Asia/Makassar"
        )
        cls.agency_c = agency_create(code="KAB-C", name="Pemerintah Kabupaten C")
        cls.seksi, _n = unit_ensure_path(
            agency=cls.agency_a, path="Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan"
        )
        cls.dinkes = Unit.objects.get(agency=cls.agency_a, path="Dinas Kesehatan")
        cls.sekretariat, _n = unit_ensure_path(agency=cls.agency_a, path="Sekretariat Daerah")
        make = cls.make_person
        cls.admin = make("Admin Platform", "198001012005011001", cls.institute)
        role_grant(person=cls.admin, kind=RoleKind.PLATFORM_ADMIN)
        cls.organiser = make("Siti Penyelenggara", "198203152006042001", cls.institute)
        role_grant(person=cls.organiser, kind=RoleKind.ORGANISER, agency=cls.institute)
        cls.facilitator = make("Budi Widyaiswara", "197505202000031002", cls.institute)
        cls.participant = make("Ani Peserta", "199001012015032001", cls.agency_a, cls.seksi)
        cls.participant2 = make("Rudi Peserta", "199102022016041001", cls.agency_b)
        cls.mentor = make("AKBP Mentor", None, None, email="mentor@polri.example")
        cls.agency_admin = make("Admin Instansi", "198404042010011004", cls.agency_a)
        role_grant(person=cls.agency_admin, kind=RoleKind.AGENCY_ADMIN, agency=cls.agency_a)
        cls.culture_admin = make("Admin Budaya", "198505052011012005", cls.agency_a)
        role_grant(person=cls.culture_admin, kind=RoleKind.CULTURE_ADMIN, agency=cls.agency_a)
        cls.head = make("Kepala Dinas", "197006062000031006", cls.agency_a, cls.dinkes)
        role_grant(person=cls.head, kind=RoleKind.HEAD_OF_UNIT, unit=cls.dinkes)
        cls.outsider = make("Orang Luar", "198707072012011007", cls.agency_c)
        programme = Programme.objects.create(
            institute=cls.institute, code="PRM-T", name="Pelatihan Revolusi Mental"
        )
        cls.batch = Batch.objects.create(
            programme=programme,
            code="PRM-T-I",
            name="Angkatan I",
            start_date=TODAY - timedelta(days=7),
            end_date=TODAY + timedelta(days=56),
        )
        for person, role in [
            (cls.facilitator, BatchRole.FACILITATOR),
            (cls.participant, BatchRole.PARTICIPANT),
            (cls.participant2, BatchRole.PARTICIPANT),
            (cls.mentor, BatchRole.MENTOR),
        ]:
            Enrolment.objects.create(batch=cls.batch, person=person, role=role)

    @staticmethod
    def make_person(
        name: str,
        nip: str | None,
        agency: Agency | None,
        unit: Unit | None = None,
        *,
        email: str = "",
    ) -> Person:
        if agency is not None and unit is None:
            unit = Unit.objects.get(agency=agency, parent__isnull=True)
        return person_create(
            name=name,
            nip=nip,
            agency=agency,
            unit=unit,
            password=PASSWORD,
            email=email or f"{name.split()[0].lower()}@example.go.id",
            today=TODAY,
        )


def run_queued_tasks() -> None:
    """Run the real database task worker until the queue is empty.

    The worker closes "old" connections between tasks; inside a test's transaction that would
    close the test's own connection (PostgreSQL notices), so that housekeeping is switched off;
    and a fold does not wait for late answers (none come while the test waits for it).
    """
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        mock.patch("revmen.culture.aggregates.FOLD_QUIET_SECONDS", 0.0),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


class BaseTestCase(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()

    def login(self, person: Person) -> None:
        self.client.force_login(person)
