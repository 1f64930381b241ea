"""The audit trail: before/after of what changed, no secrets, read-only in the admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from revmen.accounts.models import Person
from revmen.accounts.services import agency_create, person_create
from revmen.core.audit import audit, audit_changes, diff, object_ref, snapshot
from revmen.core.models import AuditEntry
from revmen.front.testing import PASSWORD, BaseTestCase

pytestmark = pytest.mark.django_db


@pytest.fixture()
def ani() -> Person:
    return person_create(name="Ani Lestari", email="ani@example.go.id", password="rahasia-123")


def test_it_records_who_did_what_to_which_record(ani: Person) -> None:
    admin = person_create(name="Admin Pusat", email="admin@example.go.id")
    entry = audit(admin, "test.person.lock", ani, before={"a": 1}, after={"a": 2}, note="why")
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_name, entry.action) == (
        admin,
        "Admin Pusat",
        "test.person.lock",
    )
    assert (entry.object_type, entry.object_id) == ("accounts.person", str(ani.pk))
    assert (entry.before, entry.after, entry.note) == ({"a": 1}, {"a": 2}, "why")
    system = audit(None, "test.wave.close", ("culture.wave", 12))
    assert (system.actor, system.actor_name, system.object_id, system.after) == (None, "", "12", {})


def test_a_snapshot_is_json_ready_and_never_holds_the_password(ani: Person) -> None:
    agency = agency_create(code="KOTA-A", name="Kota A")
    ani.agency, ani.birth_date = agency, date(1985, 3, 14)
    values = snapshot(ani)
    assert "password" not in values
    assert (values["agency"], values["birth_date"], values["name"]) == (
        agency.pk,
        "1985-03-14",
        "Ani Lestari",
    )
    assert snapshot(ani, ["name", "password"]) == {"name": "Ani Lestari"}


def test_diff_keeps_only_what_changed() -> None:
    assert diff({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 4}) == (
        {"b": 2, "c": 3, "d": None},
        {"b": 5, "c": None, "d": 4},
    )
    assert diff({"a": 1}, {"a": 1}) == ({}, {})


def test_audit_changes_records_changed_fields_only_and_nothing_when_nothing_changed(
    ani: Person,
) -> None:
    before = snapshot(ani)
    ani.jabatan = "Analis Kebijakan"
    ani.set_password("another-secret-9")
    ani.save()
    entry = audit_changes(None, "accounts.person.update", ani, before)
    assert entry is not None
    assert (entry.before, entry.after) == ({"jabatan": ""}, {"jabatan": "Analis Kebijakan"})
    assert audit_changes(None, "accounts.person.update", ani, snapshot(ani)) is None
    assert AuditEntry.objects.count() == 1


def test_an_entry_rolls_back_with_its_change(ani: Person) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit(None, "test.person.lock", ani)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.exists()


def test_an_object_is_named_by_its_model_label_and_key(ani: Person) -> None:
    assert object_ref(ani) == ("accounts.person", str(ani.pk))
    assert object_ref(("training.batch", 7)) == ("training.batch", "7")


class AuditAdminTests(BaseTestCase):
    def test_the_admin_shows_entries_but_nobody_may_write_them(self) -> None:
        entry = audit(self.admin, "test.person.lock", self.participant, note="dikunci")
        self.admin.is_staff = self.admin.is_superuser = True
        self.admin.save()
        self.login(self.admin)
        changelist = self.client.get("/admin/core/auditentry/")
        self.assertContains(changelist, "test.person.lock")
        self.assertEqual(self.client.get("/admin/core/auditentry/add/").status_code, 403)
        detail = f"/admin/core/auditentry/{entry.pk}/"
        self.assertEqual(self.client.get(detail + "change/").status_code, 200)  # to read
        self.client.post(detail + "change/", {"note": "diubah"})
        self.assertEqual(self.client.post(detail + "delete/").status_code, 403)
        entry.refresh_from_db()
        self.assertEqual(entry.note, "dikunci")


class AuditedEventTests(BaseTestCase):
    """What the trust issue asks to audit now: attendance corrections, exports of personal
    data and logins (role grants and person edits are tested above)."""

    def test_an_attendance_correction_is_audited_with_its_reason(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        from revmen.training import sessions
        from revmen.training.models import Session

        start = timezone.now() - timedelta(days=1)
        session = Session.objects.create(
            batch=self.batch,
            title="Nilai dasar",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            jp=2,
        )
        sessions.attendance_correct(
            session=session,
            person=self.participant,
            status="present",
            reason="Sinyal hilang saat presensi",
            by=self.facilitator,
        )
        entry = AuditEntry.objects.get(action="training.attendance.correct")
        assert entry.actor == self.facilitator
        assert entry.before == {"status": "absent"}
        assert entry.after["status"] == "present"
        assert entry.after["person"] == self.participant.pk
        assert entry.note == "Sinyal hilang saat presensi"

    def test_an_export_of_a_batch_enrolment_list_is_audited(self) -> None:
        self.login(self.organiser)
        response = self.client.get(f"/batches/{self.batch.code}/enrolments.xlsx")
        assert response.status_code == 200
        entry = AuditEntry.objects.get(action="training.enrolment.export")
        assert (entry.actor, entry.object_type, entry.object_id) == (
            self.organiser,
            "training.batch",
            str(self.batch.pk),
        )

    def test_a_login_is_audited_and_a_refused_one_is_not(self) -> None:
        from django.core.cache import cache

        cache.clear()
        self.client.post("/login/", {"username": "199001012015032001", "password": "salah"})
        assert not AuditEntry.objects.filter(action="accounts.login").exists()
        self.client.post("/login/", {"username": "199001012015032001", "password": PASSWORD})
        entry = AuditEntry.objects.get(action="accounts.login")
        assert (entry.actor, entry.object_id, entry.note) == (
            self.participant,
            str(self.participant.pk),
            "/login/",
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_change_or_delete_an_entry(ani: Person) -> None:
    from django.db import DatabaseError

    entry = audit(None, "test.person.lock", ani, after={"locked": True})
    for statement in [
        "UPDATE core_auditentry SET note = 'dihapus' WHERE id = %s",
        "UPDATE core_auditentry SET after = '{}' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert (entry.note, entry.after) == ("", {"locked": True})


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)
def test_deleting_the_actor_keeps_the_entry_with_the_actors_name(ani: Person) -> None:
    admin = person_create(name="Admin Sementara", email="sementara@example.go.id")
    entry = audit(admin, "test.person.lock", ani)
    admin.delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_name, entry.action) == (
        None,
        "Admin Sementara",
        "test.person.lock",
    )
