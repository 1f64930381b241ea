from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from revmen.accounts.models import Agency, Person, RoleKind, Unit
from revmen.accounts.services import (
    ERR_AGENCY_EXISTS,
    ERR_NIP_TAKEN,
    ERR_UNIT_SIBLING,
    agency_create,
    agency_get,
    person_create,
    person_update,
    role_grant,
    unit_create,
    unit_ensure_path,
    unit_find,
    unit_rename,
)
from revmen.core.models import AuditEntry
from revmen.front.testing import BaseTestCase

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


def test_it_creates_an_agency_with_an_upper_case_code_and_a_root_unit() -> None:
    agency = agency_create(code=" bpsdm-kalteng ", name="BPSDM  Kalteng")
    assert agency.code == "BPSDM-KALTENG"
    assert agency.name == "BPSDM Kalteng"
    root = Unit.objects.get(agency=agency)
    assert (root.path, root.depth, root.parent) == ("", 0, None)


def test_it_matches_agency_codes_case_insensitively() -> None:
    agency = agency_create(code="KOTA-X", name="Kota X")
    assert agency_get("kota-x") == agency
    with pytest.raises(ValidationError) as caught:
        agency_create(code="Kota-x", name="Lagi")
    assert caught.value.message_dict["code"] == [_(ERR_AGENCY_EXISTS).format(code="KOTA-X")]


@pytest.mark.parametrize("code", ["", "A B", "ÄBC", "X" * 33, "-ABC"])
def test_it_refuses_bad_agency_codes(code: str) -> None:
    with pytest.raises(ValidationError):
        agency_create(code=code, name="Nama")


def test_the_database_refuses_a_lower_case_code() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(code="lower", name="x")


def test_it_builds_unit_paths_and_refuses_duplicate_siblings() -> None:
    agency = agency_create(code="A", name="A")
    unit, created = unit_ensure_path(agency=agency, path="Dinas/Bidang Sarana\\/Prasarana/Seksi")
    assert created == 3
    assert unit.path == "Dinas/Bidang Sarana\\/Prasarana/Seksi"
    assert unit.depth == 3
    assert unit.parent.name == "Bidang Sarana/Prasarana"
    again, created = unit_ensure_path(agency=agency, path="Dinas/Bidang Sarana\\/Prasarana/Seksi")
    assert (again, created) == (unit, 0)
    with pytest.raises(ValidationError) as caught:
        unit_create(parent=unit.parent, name="Seksi")
    assert caught.value.message_dict["name"] == [
        _(ERR_UNIT_SIBLING).format(name="Seksi", parent="Bidang Sarana/Prasarana")
    ]
    assert unit_find(agency=agency, path=" Dinas / Bidang Sarana\\/Prasarana ") == unit.parent


def test_renaming_a_unit_rewrites_its_subtree() -> None:
    agency = agency_create(code="A", name="A")
    leaf, _n = unit_ensure_path(agency=agency, path="Dinas/Bidang/Seksi")
    unit_ensure_path(agency=agency, path="Dinas Lain/Bidang")
    bidang = leaf.parent
    unit_rename(unit=bidang, name="Bidang Baru")
    leaf.refresh_from_db()
    assert leaf.path == "Dinas/Bidang Baru/Seksi"
    assert Unit.objects.get(agency=agency, path="Dinas Lain/Bidang")  # untouched
    assert list(Unit.objects.subtree(bidang).values_list("path", flat=True)) == [
        "Dinas/Bidang Baru",
        "Dinas/Bidang Baru/Seksi",
    ]


def test_a_person_gets_birth_date_and_sex_from_the_nip() -> None:
    person = person_create(name="Dewi", nip="1990 0101 2015 03 2 001", today=TODAY)
    assert person.nip == "199001012015032001"
    assert person.birth_date == date(1990, 1, 1)
    assert person.sex == "P"
    assert not person.is_pppk
    assert not person.has_usable_password()
    assert person.username == person.nip


def test_a_pppk_number_marks_the_person() -> None:
    assert person_create(name="P", nip="199206152023211004", today=TODAY).is_pppk


def test_a_bad_nip_says_which_part_is_wrong() -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(name="X", nip="198503142010123003", today=TODAY)
    assert "15" in caught.value.message_dict["nip"][0]
    assert not Person.objects.exists()


def test_without_nip_an_email_is_required() -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(name="Tanpa NIP")
    assert "email" in caught.value.message_dict
    mentor = person_create(name="AKBP Mentor", email="mentor@polri.example")
    assert mentor.nip is None
    assert mentor.username.startswith("u-")


def test_a_nip_belongs_to_one_person() -> None:
    person_create(name="A", nip="199001012015032001", today=TODAY)
    with pytest.raises(ValidationError) as caught:
        person_create(name="B", nip="199001012015032001", today=TODAY)
    assert caught.value.message_dict["nip"] == [_(ERR_NIP_TAKEN).format(nip="199001012015032001")]


def test_the_unit_must_belong_to_the_persons_agency() -> None:
    a = agency_create(code="A", name="A")
    b = agency_create(code="B", name="B")
    unit, _n = unit_ensure_path(agency=b, path="Dinas")
    with pytest.raises(ValidationError):
        person_create(name="X", email="x@example.go.id", agency=a, unit=unit)


def test_updating_the_nip_rederives_birth_date() -> None:
    person = person_create(name="X", email="x@example.go.id")
    person_update(person=person, nip="198503142010121003", today=TODAY)
    person.refresh_from_db()
    assert person.birth_date == date(1985, 3, 14)
    assert person.username == "198503142010121003"


def test_a_person_update_records_who_changed_which_fields() -> None:
    agency = agency_create(code="KOTA-A", name="Kota A")
    admin = person_create(name="Admin Kota", email="admin@example.go.id")
    person = person_create(name="Ani", email="ani@example.go.id", agency=agency)
    person_update(person=person, actor=admin, jabatan="Analis", email="ani@kota-a.go.id")
    entry = AuditEntry.objects.get(action="accounts.person.update")
    assert (entry.actor, entry.object_type, entry.object_id) == (
        admin,
        "accounts.person",
        str(person.pk),
    )
    assert entry.before == {"jabatan": "", "email": "ani@example.go.id"}
    assert entry.after == {"jabatan": "Analis", "email": "ani@kota-a.go.id"}
    person_update(person=person, actor=admin, jabatan="Analis")  # nothing changed
    assert AuditEntry.objects.filter(action="accounts.person.update").count() == 1


def test_a_refused_person_update_leaves_no_audit_entry() -> None:
    person = person_create(name="Ani", email="ani@example.go.id")
    with pytest.raises(ValidationError):
        person_update(person=person, email="")
    assert not AuditEntry.objects.filter(action="accounts.person.update").exists()


def test_a_new_role_grant_is_audited_on_the_person_once() -> None:
    agency = agency_create(code="KOTA-A", name="Kota A")
    person = person_create(name="Ani", email="ani@example.go.id")
    role_grant(person=person, kind=RoleKind.AGENCY_ADMIN, agency=agency)
    role_grant(person=person, kind=RoleKind.AGENCY_ADMIN, agency=agency)
    [entry] = AuditEntry.objects.filter(action="accounts.role.grant")
    assert (entry.actor, entry.object_id) == (None, str(person.pk))
    assert entry.after == {"role": "agency_admin", "agency": agency.pk, "unit": None}


class PersonEditAuditTests(BaseTestCase):
    def test_an_edit_through_the_page_is_audited_with_who_made_it(self) -> None:
        self.login(self.agency_admin)
        url = f"/people/{self.participant.pk}/edit/"
        form = self.client.get(url).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data["jabatan"] = "Analis Kebijakan Ahli Muda"
        data["unit"] = self.participant.unit_id
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["form"].errors,
        )
        entry = AuditEntry.objects.get(action="accounts.person.update")
        self.assertEqual(entry.actor, self.agency_admin)
        self.assertEqual(entry.after["jabatan"], "Analis Kebijakan Ahli Muda")
