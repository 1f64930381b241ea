"""``notify``: a notice always, an e-mail where the person has an address and e-mail works."""

from __future__ import annotations

import pytest
from django.db import transaction

from revmen.accounts.services import person_create
from revmen.core.models import Notice, OutboxMessage
from revmen.core.notices import (
    notice_mark_read,
    notices_for,
    notices_mark_all_read,
    notices_unread_count,
    notify,
)
from revmen.front.testing import run_queued_tasks

pytestmark = pytest.mark.django_db
NIP = "198503142010012003"


@pytest.fixture()
def ani():  # type: ignore[no-untyped-def]
    return person_create(name="Ani Lestari", email="ani@example.go.id")


def test_it_writes_a_notice_and_an_e_mail_with_the_full_link(
    ani,
    settings,
    django_capture_on_commit_callbacks,
    mailoutbox,  # type: ignore[no-untyped-def]
) -> None:
    settings.SITE_URL = "https://revmen.bpsdm.example.go.id/"
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(ani, "Proyek disetujui", "Mentor menyetujui proyek Anda.", "/projects/4/")
    assert (notice.person, notice.subject, notice.link, notice.is_read) == (
        ani,
        "Proyek disetujui",
        "/projects/4/",
        False,
    )
    message = OutboxMessage.objects.get()
    assert (message.person, message.address, message.subject) == (
        ani,
        "ani@example.go.id",
        "Proyek disetujui",
    )
    assert message.text == (
        "Mentor menyetujui proyek Anda.\n\nhttps://revmen.bpsdm.example.go.id/projects/4/"
    )
    run_queued_tasks()
    assert [m.to for m in mailoutbox] == [["ani@example.go.id"]]


def test_without_an_address_or_when_asked_not_to_it_only_writes_a_notice(ani) -> None:  # type: ignore[no-untyped-def]
    no_email = person_create(name="Budi", nip=NIP)
    notify(no_email, "Angkatan dibuka", "Angkatan 3 dibuka.")
    notify(ani, "Angkatan dibuka", "Angkatan 3 dibuka.", email=False)
    assert Notice.objects.count() == 2
    assert not OutboxMessage.objects.exists()


def test_it_sends_no_e_mail_when_e_mail_is_switched_off_or_the_person_is_inactive(
    ani,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    notify(ani, "Satu", "Satu.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = ""
    notify(ani, "Dua", "Dua.")
    settings.DEFAULT_FROM_EMAIL = "revmen <noreply@revmen.local>"
    ani.is_active = False
    notify(ani, "Tiga", "Tiga.")
    assert Notice.objects.filter(person=ani).count() == 3
    assert not OutboxMessage.objects.exists()
    ani.is_active = True
    notify(ani, "Empat", "Empat.")
    assert OutboxMessage.objects.get().subject == "Empat"


def test_the_notice_and_its_e_mail_roll_back_with_the_event(ani) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(ani, "Proyek disetujui", "Mentor menyetujui proyek Anda.")
        raise RuntimeError("approval failed")
    assert not Notice.objects.exists() and not OutboxMessage.objects.exists()


def test_notices_are_read_one_by_one_or_all_at_once(ani) -> None:  # type: ignore[no-untyped-def]
    first = notify(ani, "Satu", "Satu.", email=False)
    notify(ani, "Dua", "Dua.", email=False)
    other = person_create(name="Citra", email="citra@example.go.id")
    notify(other, "Lain", "Lain.", email=False)
    assert notices_unread_count(ani) == 2
    read_at = notice_mark_read(notice=first).read_at
    assert read_at is not None
    assert notice_mark_read(notice=Notice.objects.get(pk=first.pk)).read_at == read_at
    assert [n.subject for n in notices_for(ani, unread_only=True)] == ["Dua"]
    assert notices_mark_all_read(ani) == 1
    assert notices_unread_count(ani) == 0 and notices_unread_count(other) == 1


def test_notify_many_writes_what_notify_would_for_people_and_bare_addresses(ani, settings) -> None:  # type: ignore[no-untyped-def]
    from revmen.core.notices import Notification, notify_many

    settings.SITE_URL = "https://revmen.bpsdm.example.go.id"
    away = person_create(name="Budi Santoso", email="budi@example.go.id")
    away.is_active = False
    away.save(update_fields=["is_active"])
    written = notify_many(
        [
            Notification("Penilaian\n 360°", "Mohon isi.", "/followup/9/", person=ani),
            Notification("Penilaian 360°", "Mohon isi.", "/followup/9/", person=away),
            Notification("Penilaian 360°", "Mohon isi.", "/f/p/xyz/", address=" rekan@luar.id "),
            Notification("Penilaian 360°", "Mohon isi.", "/f/p/abc/", address=""),
        ]
    )
    assert written == (2, 2)  # two people noticed; e-mail to Ani and to the bare address
    assert sorted(Notice.objects.values_list("person__name", flat=True)) == [
        "Ani Lestari",
        "Budi Santoso",
    ]
    emails = {m.address: m for m in OutboxMessage.objects.all()}
    assert set(emails) == {"ani@example.go.id", "rekan@luar.id"}
    assert emails["ani@example.go.id"].subject == "Penilaian 360°"
    assert emails["ani@example.go.id"].person == ani
    assert emails["rekan@luar.id"].person is None
    assert emails["rekan@luar.id"].text.endswith("https://revmen.bpsdm.example.go.id/f/p/xyz/")
