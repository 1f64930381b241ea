"""Who reads a journal entry: its writer, the batch's facilitators and the coach of the
writer's group; nobody else (404), the organiser, agency and platform admins included, who
see counts."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from revmen.accounts.models import Person
from revmen.learning import services
from revmen.learning.access import entries_readable_by

from .helpers import LearningTestCase

SECRET = "Saya sebenarnya takut melapor atasan saya."


class ReadershipTests(LearningTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.entry = services.entry_save(prompt=cls.prompt, person=cls.participant, text=SECRET)

    def get(self, person: Person, name: str, *args: object) -> object:
        self.login(person)
        return self.client.get(reverse(name, args=args))

    def test_the_writer_the_facilitator_and_the_group_coach_read_the_entry(self) -> None:
        for person in (self.participant, self.facilitator, self.coach):
            response = self.get(person, "entry_detail", self.entry.pk)
            self.assertContains(response, SECRET, msg_prefix=person.name)

    def test_everyone_else_gets_404_on_the_text(self) -> None:
        nobody = [
            self.participant2,
            self.other_participant,
            self.organiser,
            self.agency_admin,
            self.admin,
            self.mentor,
            self.head,
            self.culture_admin,
            self.outsider,
        ]
        for person in nobody:
            response = self.get(person, "entry_detail", self.entry.pk)
            self.assertEqual(response.status_code, 404, person.name)  # type: ignore[attr-defined]
            self.assertFalse(entries_readable_by(person).exists(), person.name)

    def test_the_coach_of_another_group_does_not_read_it(self) -> None:
        self.group.coach = self.outsider
        self.group.save()
        self.assertEqual(self.get(self.coach, "entry_detail", self.entry.pk).status_code, 404)  # type: ignore[attr-defined]

    def test_the_organiser_sees_counts_on_the_batch_view_never_the_text(self) -> None:
        response = self.get(self.organiser, "batch_journal", self.batch.code)
        self.assertContains(response, 'data-entries="1"')
        self.assertContains(response, 'data-view="counts"')
        self.assertNotContains(response, SECRET)
        self.assertNotContains(response, reverse("entry_detail", args=[self.entry.pk]))
        facilitator = self.get(self.facilitator, "batch_journal", self.batch.code)
        self.assertContains(facilitator, reverse("entry_detail", args=[self.entry.pk]))

    def test_only_the_writer_writes_and_only_facilitators_answer(self) -> None:
        self.assertEqual(
            self.get(self.participant2, "entry_write", self.prompt.pk).status_code, 200
        )  # type: ignore[attr-defined]
        self.assertEqual(
            self.get(self.other_participant, "entry_write", self.prompt.pk).status_code, 404
        )  # type: ignore[attr-defined]
        self.login(self.coach)
        url = reverse("entry_feedback", args=[self.entry.pk])
        self.assertEqual(self.client.post(url, {"text": "Hai"}).status_code, 404)
        self.login(self.facilitator)
        self.assertEqual(self.client.post(url, {"text": "Terima kasih."}).status_code, 302)
        self.assertEqual(self.entry.feedback.count(), 1)

    def test_alumni_keep_their_journal_after_the_batch_closes(self) -> None:
        from django.utils import timezone

        self.batch.closed_at = timezone.now()
        self.batch.save()
        response = self.get(self.participant, "journal")
        self.assertContains(response, reverse("entry_detail", args=[self.entry.pk]))
        self.assertContains(self.get(self.participant, "entry_detail", self.entry.pk), SECRET)

    def test_the_journal_page_says_who_reads_and_that_the_machine_analyses(self) -> None:
        response = self.get(self.participant, "journal")
        self.assertContains(response, 'data-notice="readers"')


class AdminTests(LearningTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.entry = services.entry_save(prompt=cls.prompt, person=cls.participant, text=SECRET)
        services.feedback_create(entry=cls.entry, author=cls.facilitator, text="Balasan rahasia.")
        services.commitments_save(
            batch=cls.batch, person=cls.participant, texts={"BP": "Janji rahasia."}
        )
        cls.admin.is_staff = True
        cls.admin.is_superuser = True
        cls.admin.save()
        cls.staff = cls.agency_admin
        cls.staff.is_staff = True
        cls.staff.save()
        cls.staff.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="learning")
        )

    def test_the_admin_shows_counts_and_never_the_text(self) -> None:
        for person in (self.admin, self.staff):
            self.login(person)
            pages = [
                reverse("admin:learning_entry_changelist"),
                reverse("admin:learning_entry_change", args=[self.entry.pk]),
                reverse("admin:learning_commitment_changelist"),
                reverse("admin:learning_prompt_changelist"),
            ]
            for url in pages:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                for secret in (SECRET, "Balasan rahasia", "Janji rahasia"):
                    self.assertNotContains(response, secret, msg_prefix=url)
            changelist = self.client.get(reverse("admin:learning_entry_changelist"))
            self.assertContains(changelist, '<td class="field-feedback_count">1</td>', html=True)

    def test_nothing_is_edited_in_the_admin(self) -> None:
        self.login(self.admin)
        url = reverse("admin:learning_entry_change", args=[self.entry.pk])
        self.client.post(url, {"text": "ubah"})
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.text, SECRET)
