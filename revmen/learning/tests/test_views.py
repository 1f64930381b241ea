from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from revmen.learning import services
from revmen.learning.models import Commitment, Entry, Material, Prompt
from revmen.training.models import Attendance

from .helpers import LearningTestCase
from .test_services import PDF


class MaterialPageTests(LearningTestCase):
    def post_material(self, name: str, content: bytes) -> object:
        self.login(self.facilitator)
        return self.client.post(
            reverse("programme_materials", args=[self.batch.programme.code]),
            {
                "kind": "reading",
                "title": "Bacaan integritas",
                "values": ["AK", "IN"],
                "sessions": [self.session.pk],
                "file": SimpleUploadedFile(name, content, content_type="text/html"),
            },
        )

    def test_a_facilitator_uploads_and_a_participant_downloads_an_attachment(self) -> None:
        response = self.post_material("bacaan.pdf", PDF)
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        material = Material.objects.get()
        self.login(self.participant)
        self.assertContains(
            self.client.get(reverse("batch_materials", args=[self.batch.code])), "Bacaan integritas"
        )
        download = self.client.get(reverse("material_file", args=[material.pk]))
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertTrue(download["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(download.content, PDF)
        self.login(self.other_participant)
        self.assertEqual(
            self.client.get(reverse("material_file", args=[material.pk])).status_code, 404
        )

    def test_html_is_refused_with_a_reason(self) -> None:
        response = self.post_material("bacaan.pdf", b"<!doctype html><script>x()</script>")
        self.assertEqual(response.status_code, 200)  # type: ignore[attr-defined]
        self.assertContains(response, 'class="error"')  # type: ignore[arg-type]
        self.assertFalse(Material.objects.exists())


class PromptAndEntryPageTests(LearningTestCase):
    def test_a_facilitator_posts_a_prompt_and_a_double_submit_stores_one_entry(self) -> None:
        self.login(self.facilitator)
        day = timezone.localdate() + timedelta(days=3)
        response = self.client.post(
            reverse("prompt_create", args=[self.batch.code, self.session.pk]),
            {"text": "Apa yang akan Anda ubah hari Senin?", "day": day.isoformat(), "at": "23:59"},
        )
        self.assertRedirects(response, reverse("batch_journal", args=[self.batch.code]))
        prompt = Prompt.objects.latest("pk")
        self.login(self.participant)
        url = reverse("entry_write", args=[prompt.pk])
        for _n in range(2):
            self.client.post(url, {"text": "Saya akan melayani lebih ramah."})
        self.assertEqual(Entry.objects.filter(prompt=prompt).count(), 1)

    def test_after_the_deadline_the_entry_is_refused(self) -> None:
        services.entry_save(prompt=self.prompt, person=self.participant, text="Awal.")
        Prompt.objects.filter(pk=self.prompt.pk).update(
            deadline=timezone.now() - timedelta(minutes=1)
        )
        self.login(self.participant)
        url = reverse("entry_write", args=[self.prompt.pk])
        self.assertContains(self.client.get(url), "data-closed")
        response = self.client.post(url, {"text": "Diubah."})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Entry.objects.get().text, "Awal.")

    def test_a_participant_writes_commitments(self) -> None:
        self.login(self.participant)
        url = reverse("commitments", args=[self.batch.code])
        self.assertRedirects(self.client.post(url, {"BP": "Membalas aduan.", "AK": ""}), url)
        self.assertEqual(list(Commitment.objects.values_list("value", flat=True)), ["BP"])


class BatchViewTests(LearningTestCase):
    def test_the_early_warning_names_absence_and_missing_entries_to_the_organiser(self) -> None:
        earlier = self.make_session(self.batch, hours_ago=30, title="Etos kerja")
        Prompt.objects.create(
            session=earlier, text="Refleksi 1", deadline=timezone.now() - timedelta(hours=1)
        )
        Attendance.objects.create(session=earlier, person=self.participant2, status="present")
        Attendance.objects.create(session=self.session, person=self.participant2, status="present")
        self.login(self.organiser)
        page = self.client.get(reverse("batch_journal", args=[self.batch.code])).content.decode()
        ani = f'data-person="{self.participant.pk}"'
        self.assertIn(ani, page)
        row = page.split(ani, 1)[1].split("</li>", 1)[0]
        self.assertIn('data-reason="absence"', row)
        self.assertIn('data-reason="missing"', row)
        self.assertNotIn('data-reason="falling"', page)
        self.assertNotIn("affect-trend", page)

    def test_home_shows_prompts_due_and_unanswered_entries(self) -> None:
        self.login(self.participant)
        self.assertContains(self.client.get(reverse("home")), f'data-due-prompt="{self.prompt.pk}"')
        services.entry_save(prompt=self.prompt, person=self.participant, text="Sudah saya tulis.")
        self.login(self.facilitator)
        self.assertContains(self.client.get(reverse("home")), 'data-unanswered="1"')
        self.login(self.coach)
        self.assertContains(self.client.get(reverse("home")), "Ani Peserta")

    def test_the_unanswered_list_keeps_an_entry_until_a_facilitator_answers_it(self) -> None:
        ani = services.entry_save(prompt=self.prompt, person=self.participant, text="Catatan Ani.")
        budi = services.entry_save(prompt=self.prompt, person=self.participant2, text="Catatan B.")
        url = reverse("batch_unanswered", args=[self.batch.code])
        self.login(self.facilitator)
        page = self.client.get(url).content.decode()
        self.assertIn(f'data-entry="{ani.pk}"', page)
        self.assertIn(f'data-entry="{budi.pk}"', page)
        services.feedback_create(entry=ani, author=self.facilitator, text="Bagus.")
        page = self.client.get(url).content.decode()
        self.assertNotIn(f'data-entry="{ani.pk}"', page)
        self.assertIn(f'data-entry="{budi.pk}"', page)
        for person in (self.organiser, self.coach, self.participant):
            self.login(person)
            self.assertEqual(self.client.get(url).status_code, 404, person.name)
