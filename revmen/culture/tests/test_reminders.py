"""Reminders go to everyone in a unit, in the background, at most once a day per unit."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from revmen.core.models import Job, Notice, OutboxMessage
from revmen.culture.services import wave_create
from revmen.front.testing import BaseTestCase, run_queued_tasks
from revmen.instruments.library import load_library


class ReminderTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang R",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            created_by=self.culture_admin,
        )
        self.url = f"/culture/waves/{self.wave.pk}/"
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_everyone_in_the_subtree_is_reminded_with_a_link_to_their_own_unit(self) -> None:
        self.login(self.culture_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url + "remind/", {"unit": self.dinkes.pk})
        self.assertRedirects(response, self.url)
        run_queued_tasks()
        job = Job.objects.get(kind="culture.remind")
        in_dinkes = {self.head.pk, self.participant.pk}  # the dinas and its seksi
        assert job.status == "done" and job.result == {"sent": len(in_dinkes)}
        notices = Notice.objects.filter(subject__startswith="Pengingat: survei budaya kerja")
        assert set(notices.values_list("person_id", flat=True)) == in_dinkes
        mine = notices.get(person=self.participant)
        key = self.wave.administration.public_key
        assert mine.link == f"/c/{key}/?unit={self.seksi.pk}"
        assert "dikirim kepada semua pegawai di unit Anda" in mine.text  # Indonesian by default
        page = self.client.get(self.url)
        self.assertContains(page, "Reminder sent to 2 people")

    def test_a_second_reminder_for_the_unit_the_same_day_is_refused(self) -> None:
        self.login(self.culture_admin)
        self.client.post(self.url + "remind/", {"unit": self.dinkes.pk})
        response = self.client.post(self.url + "remind/", {"unit": self.dinkes.pk}, follow=True)
        self.assertContains(response, "less than a day ago")
        assert Job.objects.filter(kind="culture.remind").count() == 1

    def test_a_unit_with_nobody_registered_is_refused_and_outsiders_get_404(self) -> None:
        empty = self.sekretariat
        self.login(self.culture_admin)
        response = self.client.post(self.url + "remind/", {"unit": empty.pk}, follow=True)
        self.assertContains(response, "Nobody is registered in this unit yet.")
        for person in (self.head, self.participant, self.outsider):
            self.login(person)
            response = self.client.post(self.url + "remind/", {"unit": self.dinkes.pk})
            assert response.status_code == 404, person
        assert not Job.objects.filter(kind="culture.remind").exists()
        assert not OutboxMessage.objects.exists()
