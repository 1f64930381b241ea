"""The background reading of entries: affect and one embedding per text, by id; the batch
view's themes come from stored vectors (the demo's precomputed ones here) without the model."""

from __future__ import annotations

from unittest import mock

import numpy as np
from django.urls import reverse

from revmen.core.jobs import job_run
from revmen.core.models import Job
from revmen.learning import demo, services
from revmen.learning.analysis import KIND, analysis_start, digest
from revmen.learning.demo_texts import REFLECTIONS
from revmen.learning.models import Entry
from revmen.learning.selectors import batch_overview
from revmen.training.models import BatchRole, Enrolment

from .helpers import LearningTestCase


def run_latest_job() -> dict[str, object]:
    job = job_run(Job.objects.filter(kind=KIND).latest("pk").pk)
    assert job.status == Job.Status.DONE, job.error
    return dict(job.result)


class AnalysisTests(LearningTestCase):
    def test_it_scores_and_embeds_once_and_again_only_when_the_text_changes(self) -> None:
        entry = services.entry_save(
            prompt=self.prompt,
            person=self.participant,
            text="Saya sangat senang dan bersemangat melayani warga dengan ramah.",
        )
        self.assertTrue(run_latest_job()["embedded"])
        entry.refresh_from_db()
        self.assertEqual(entry.affect_label, "positif")
        self.assertGreater(entry.affect_score or 0, 0)
        vector = np.frombuffer(bytes(entry.vector or b""), dtype=np.float32)
        self.assertAlmostEqual(float(np.linalg.norm(vector)), 1.0, places=4)
        self.assertEqual(entry.vector_digest, digest(entry.text))
        # The same job again, or the same text submitted again: the model is not called.
        with mock.patch("revmen.learning.mood.embed_one") as embed_one:
            analysis_start(entry)
            self.assertFalse(run_latest_job()["embedded"])
            embed_one.assert_not_called()
        services.entry_save(
            prompt=self.prompt,
            person=self.participant,
            text="Saya kecewa, atasan tidak mendukung dan saya sangat lelah.",
        )
        self.assertTrue(run_latest_job()["embedded"])
        entry.refresh_from_db()
        self.assertEqual(entry.affect_label, "negatif")
        self.assertNotEqual(
            np.frombuffer(bytes(entry.vector or b""), dtype=np.float32).tolist(), vector.tolist()
        )


class DemoVectorTests(LearningTestCase):
    def test_the_shipped_vectors_are_those_of_the_demo_texts(self) -> None:
        vectors = demo.load_vectors()
        self.assertEqual(set(vectors), {digest(t) for _m, t in REFLECTIONS})

    def test_the_batch_view_shows_themes_from_stored_vectors_without_the_model(self) -> None:
        vectors = demo.load_vectors()
        people = [self.participant, self.participant2]
        for n in range(10):
            person = self.make_person(f"Peserta {n}", None, self.agency_a)
            Enrolment.objects.create(batch=self.batch, person=person, role=BatchRole.PARTICIPANT)
            people.append(person)
        texts = [t for _m, t in REFLECTIONS][:12]
        for person, text in zip(people, texts, strict=True):
            Entry.objects.create(
                prompt=self.prompt,
                person=person,
                text=text,
                affect_score=0.1,
                vector=vectors[digest(text)],
                vector_digest=digest(text),
            )
        with mock.patch("revmen.learning.mood.embed_one", side_effect=AssertionError("model")):
            overview = batch_overview(self.batch, with_mood=True)
            self.login(self.facilitator)
            page = self.client.get(reverse("batch_journal", args=[self.batch.code]))
        self.assertTrue(overview.themes)
        self.assertContains(page, "data-theme-size")
        self.assertContains(page, 'id="affect-trend"')
