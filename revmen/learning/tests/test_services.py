from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from revmen.core.models import AuditEntry, Job, Notice, OutboxMessage
from revmen.learning import services
from revmen.learning.models import Commitment, Entry, EntryRevision, Material
from revmen.learning.selectors import commitments_of, prompts_due, unanswered
from revmen.training.services import programme_copy

from .helpers import LearningTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EntryTests(LearningTestCase):
    def test_it_stores_one_entry_for_a_double_submit(self) -> None:
        for _n in range(2):
            services.entry_save(prompt=self.prompt, person=self.participant, text="Saya terharu.")
        self.assertEqual(Entry.objects.filter(prompt=self.prompt).count(), 1)
        self.assertEqual(EntryRevision.objects.count(), 1)

    def test_it_keeps_every_revision_until_the_deadline_then_refuses(self) -> None:
        entry = services.entry_save(prompt=self.prompt, person=self.participant, text="Pertama.")
        services.entry_save(prompt=self.prompt, person=self.participant, text="Kedua.")
        entry.refresh_from_db()
        self.assertEqual(entry.text, "Kedua.")
        self.assertEqual(
            list(entry.revisions.values_list("number", "text")), [(1, "Pertama."), (2, "Kedua.")]
        )
        late = self.prompt.deadline + timedelta(seconds=1)
        with self.assertRaisesMessage(ValidationError, _(services.ERR_DEADLINE_PASSED)):
            services.entry_save(
                prompt=self.prompt, person=self.participant, text="Ketiga.", now=late
            )
        entry.refresh_from_db()
        self.assertEqual((entry.text, entry.revisions_count), ("Kedua.", 2))

    def test_it_refuses_someone_who_is_not_a_participant_of_the_batch(self) -> None:
        with self.assertRaisesMessage(ValidationError, _(services.ERR_NOT_PARTICIPANT)):
            services.entry_save(prompt=self.prompt, person=self.other_participant, text="Halo.")

    def test_it_queues_the_analysis_with_the_id_and_never_the_text(self) -> None:
        with self.captureOnCommitCallbacks():
            entry = services.entry_save(
                prompt=self.prompt, person=self.participant, text="Rahasia saya."
            )
        job = Job.objects.get(kind="learning.analyse")
        self.assertEqual(job.params, {"entry": entry.pk})
        self.assertNotIn("Rahasia", repr(job.params) + job.target + bytes(job.content).decode())
        audits = AuditEntry.objects.filter(object_type="learning.entry")
        self.assertTrue(audits.exists())
        for row in audits:
            self.assertNotIn("Rahasia", f"{row.before}{row.after}{row.note}")

    def test_the_prompt_is_due_until_written(self) -> None:
        self.assertEqual(prompts_due(self.participant), [self.prompt])
        services.entry_save(prompt=self.prompt, person=self.participant, text="Sudah.")
        self.assertEqual(prompts_due(self.participant), [])
        self.assertEqual(prompts_due(self.other_participant), [])

    def test_a_prompt_deadline_comes_after_the_session_starts(self) -> None:
        with self.assertRaisesMessage(ValidationError, _(services.ERR_DEADLINE_BEFORE)):
            services.prompt_create(
                session=self.session,
                actor=self.facilitator,
                text="Apa?",
                deadline=self.session.starts_at - timedelta(minutes=1),
            )


class FeedbackTests(LearningTestCase):
    def test_the_participant_is_told_in_the_app_and_by_email_without_the_text(self) -> None:
        entry = services.entry_save(prompt=self.prompt, person=self.participant, text="Saya ragu.")
        self.assertEqual(list(unanswered(self.batch)), [entry])
        with self.settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            DEFAULT_FROM_EMAIL="revmen@example.go.id",
        ):
            services.feedback_create(entry=entry, author=self.facilitator, text="Ragu itu wajar.")
            services.feedback_create(entry=entry, author=self.facilitator, text="Ragu itu wajar.")
        self.assertEqual(entry.feedback.count(), 1)  # the double submit stored one
        notice = Notice.objects.get(person=self.participant)
        self.assertIn(f"/entries/{entry.pk}/", notice.link)
        self.assertNotIn("Ragu", notice.subject + notice.text)
        self.assertEqual(list(unanswered(self.batch)), [])
        email = OutboxMessage.objects.get(person=self.participant)
        self.assertIn(f"/entries/{entry.pk}/", email.text)
        self.assertNotIn("Ragu", email.subject + email.text)

    def test_only_a_facilitator_of_the_batch_answers(self) -> None:
        entry = services.entry_save(prompt=self.prompt, person=self.participant, text="Saya ragu.")
        for person in (self.organiser, self.coach, self.participant2):
            with self.assertRaises(ValidationError):
                services.feedback_create(entry=entry, author=person, text="Hm.")


class CommitmentTests(LearningTestCase):
    def test_commitments_per_value_are_read_back_in_the_official_order(self) -> None:
        services.commitments_save(
            batch=self.batch,
            person=self.participant,
            texts={
                "KL": "Mengajak tim lintas bidang.",
                "BP": "Membalas aduan dalam sehari.",
                "AK": "",
            },
        )
        got = [(c.value, c.text) for c in commitments_of(self.participant, self.batch)]
        self.assertEqual(
            got, [("BP", "Membalas aduan dalam sehari."), ("KL", "Mengajak tim lintas bidang.")]
        )
        services.commitments_save(batch=self.batch, person=self.participant, texts={"KL": ""})
        self.assertEqual(Commitment.objects.filter(person=self.participant).count(), 1)

    def test_only_berakhlak_codes_and_participants(self) -> None:
        with self.assertRaises(ValidationError):
            services.commitments_save(batch=self.batch, person=self.participant, texts={"BS": "x"})
        with self.assertRaises(ValidationError):
            services.commitments_save(batch=self.batch, person=self.organiser, texts={"BP": "x"})


class MaterialTests(LearningTestCase):
    def save(self, **kwargs: object) -> Material:
        base: dict[str, object] = {
            "programme": self.batch.programme,
            "actor": self.organiser,
            "kind": "story",
            "title": "Kisah loket",
        }
        return services.material_save(**{**base, **kwargs})  # type: ignore[arg-type]

    def test_an_upload_is_typed_from_its_bytes(self) -> None:
        material = self.save(upload=("cerita.pdf", PDF), values=["ak", "BP"])
        material.refresh_from_db()
        self.assertEqual((material.file_type, material.values), ("application/pdf", ["BP", "AK"]))
        self.assertEqual(bytes(material.file_content or b""), PDF)

    def test_html_under_any_name_and_oversized_files_are_refused(self) -> None:
        for name, content in [
            ("cerita.pdf", b"<html><script>alert(1)</script></html>"),
            ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ("x.txt", b"hello"),
        ]:
            with self.assertRaises(ValidationError, msg=name):
                self.save(upload=(name, content))
        with self.settings(LEARNING_MATERIAL_MAX_MB=1), self.assertRaises(ValidationError):
            self.save(upload=("besar.pdf", PDF + b"0" * (1024 * 1024)))
        self.assertFalse(Material.objects.exists())

    def test_a_link_or_a_file_and_known_values(self) -> None:
        with self.assertRaises(ValidationError):
            self.save()
        with self.assertRaises(ValidationError):
            self.save(url="https://example.org/v", values=["XX"])

    def test_copying_a_programme_copies_its_materials(self) -> None:
        material = self.save(upload=("cerita.pdf", PDF), values=["AK"], sessions=[self.session])
        copy = programme_copy(programme=self.batch.programme, code="PRM-T2", name="Salinan")
        copied = copy.materials.get()
        self.assertNotEqual(copied.pk, material.pk)
        self.assertEqual((copied.title, copied.values), ("Kisah loket", ["AK"]))
        self.assertEqual(bytes(copied.file_content or b""), PDF)
        self.assertFalse(copied.sessions.exists())

    def test_a_material_attaches_only_to_its_programme_sessions(self) -> None:
        from revmen.training.models import Programme

        other = Programme.objects.create(institute=self.institute, code="LAIN", name="Lain")
        with self.assertRaises(ValidationError):
            services.material_save(
                programme=other,
                actor=self.organiser,
                kind="case",
                title="Kasus",
                url="https://example.org",
                sessions=[self.session],
            )
