"""The learning part of the demo: a material library, reflection prompts on sessions of the
closed and the running batch, the participants' entries (``demo_texts``), facilitators'
answers to most of them, and the alumni's commitments.

Entries get their affect from the pure core (fast) and their vectors from the precomputed
``fixtures/demo_vectors.npz``: loading the demo never runs the embedding model. One participant
of the running batch writes less and less cheerfully, another stops writing, so the batch view's
early-warning list has something to say.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.utils import timezone

from revmen.accounts.models import Person
from revmen.core.parts import DemoContext, demo_part
from revmen.training.models import Batch, BatchRole

from . import mood
from .analysis import digest
from .demo_texts import COMMITMENTS, FEEDBACK, PROMPTS, REFLECTIONS
from .models import Commitment, Entry, EntryRevision, Feedback, Material, Prompt

VECTORS = Path(__file__).parent / "fixtures" / "demo_vectors.npz"
# A one-page PDF, small enough to ship here.
LEAFLET = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load_vectors() -> dict[str, bytes]:
    """The demo's precomputed embeddings by the digest of their text."""
    if not VECTORS.exists():
        return {}
    with np.load(VECTORS, allow_pickle=False) as data:
        vectors = np.asarray(data["vectors"], dtype=mood.DTYPE)
        return {str(d): vectors[i].tobytes() for i, d in enumerate(data["digests"])}


@demo_part(60, "learning")
def load_learning_demo(context: DemoContext) -> None:
    batches: list[Batch] = context.made.get("batches", [])
    if len(batches) < 2:
        return
    closed, running = batches[0], batches[1]
    _materials(running)
    vectors = load_vectors()
    now = timezone.now()
    for batch in (closed, running):
        _journal(batch, context.rng, vectors, now)
    _commitments(closed, context.rng)


def _materials(batch: Batch) -> None:
    sessions = list(batch.sessions.order_by("starts_at"))
    facilitator = _facilitators(batch)[0]
    items = [
        ("video", "Antrean di loket", "https://video.demo.revmen.id/antrean-loket", ["BP", "ML"]),
        ("story", "Amplop yang dikembalikan", "https://bacaan.demo.revmen.id/amplop", ["AK", "IN"]),
        ("case", "Tiga bidang, satu data", "https://bacaan.demo.revmen.id/satu-data", ["KL", "GR"]),
    ]
    for index, (kind, title, url, values) in enumerate(items):
        material = Material.objects.create(
            programme=batch.programme,
            kind=kind,
            title=title,
            url=url,
            values=values,
            created_by=facilitator,
        )
        material.sessions.set(sessions[index * 4 : index * 4 + 1])
    leaflet = Material.objects.create(
        programme=batch.programme,
        kind="reading",
        title="Lembar nilai BerAKHLAK",
        values=["BP", "AK", "KO", "HA", "LO", "AD", "KL"],
        file_name="nilai-berakhlak.pdf",
        file_type="application/pdf",
        file_size=len(LEAFLET),
        file_content=LEAFLET,
        created_by=facilitator,
    )
    leaflet.sessions.set(sessions[:1])


def _facilitators(batch: Batch) -> list[Person]:
    return list(
        Person.objects.filter(
            enrolments__batch=batch, enrolments__role=BatchRole.FACILITATOR
        ).order_by("pk")
    )


def _journal(batch: Batch, rng: random.Random, vectors: dict[str, bytes], now: datetime) -> None:
    held = list(batch.sessions.filter(ends_at__lte=now).order_by("starts_at"))
    chosen = [held[i] for i in (1, 5, 9, 13) if i < len(held)]
    if not chosen:
        return
    facilitator = _facilitators(batch)[0]
    prompts = []
    for number, session in enumerate(chosen):
        deadline = session.ends_at + timedelta(days=2)
        if number == len(chosen) - 1 and not batch.is_closed:
            deadline = max(deadline, now + timedelta(days=2))  # one still open
        prompts.append(
            Prompt.objects.create(
                session=session,
                text=PROMPTS[number % len(PROMPTS)],
                deadline=deadline,
                created_by=facilitator,
                created_at=session.starts_at,
            )
        )
    participants = list(
        batch.enrolments.filter(role=BatchRole.PARTICIPANT)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    tones = {p: rng.choice(["+", "+", "0", "-"]) for p in participants}
    falling, silent = participants[1], participants[-1]
    by_mood = {m: [t for mm, t in REFLECTIONS if mm == m] for m in "+0-"}
    used: set[str] = set()
    entries = []
    closed_numbers = [n for n, p in enumerate(prompts) if p.deadline <= now]
    turn = closed_numbers[-1] if closed_numbers else 0
    for number, prompt in enumerate(prompts):
        is_open = prompt.deadline > now
        for person in participants:
            if person == silent and number >= 1:
                continue
            if (is_open and rng.random() < 0.6) or rng.random() < 0.1:
                continue
            if person == participants[0] and is_open:
                continue  # the demo participant still has this one to write
            if person == falling:
                wanted = "-" if number >= turn else "+"  # cheerful, then not
            else:
                wanted = tones[person] if rng.random() < 0.7 else rng.choice("+0-")
            text = _pick(by_mood[wanted], used, rng)
            written = min(prompt.session.ends_at + timedelta(hours=rng.randint(2, 40)), now)
            entries.append(_entry(prompt, person, text, written, vectors))
    Entry.objects.bulk_create(entries)
    EntryRevision.objects.bulk_create(
        EntryRevision(entry=e, number=1, text=e.text, saved_at=e.created_at) for e in entries
    )
    Feedback.objects.bulk_create(
        Feedback(
            entry=e,
            author=facilitator,
            text=rng.choice(FEEDBACK),
            created_at=e.created_at + timedelta(hours=6),
        )
        for e in entries
        if e.prompt.deadline <= now and rng.random() < 0.7
    )


def _pick(texts: list[str], used: set[str], rng: random.Random) -> str:
    fresh = [t for t in texts if t not in used]
    text = rng.choice(fresh or texts)
    used.add(text)
    return text


def _entry(
    prompt: Prompt, person: int, text: str, written: datetime, vectors: dict[str, bytes]
) -> Entry:
    found = mood.affect(text)
    text_digest = digest(text)
    vector = vectors.get(text_digest)
    return Entry(
        prompt=prompt,
        person_id=person,
        text=text,
        created_at=written,
        updated_at=written,
        affect_score=found.score,
        affect_label=found.label,
        affect_values=list(found.values),
        vector=vector,
        vector_digest=text_digest if vector is not None else "",
        analysed_at=written,
    )


def _commitments(batch: Batch, rng: random.Random) -> None:
    participants = batch.enrolments.filter(role=BatchRole.PARTICIPANT).order_by("pk")
    rows = []
    for enrolment in participants:
        for code, text in COMMITMENTS.items():
            if rng.random() < 0.6:
                rows.append(
                    Commitment(batch=batch, person_id=enrolment.person_id, value=code, text=text)
                )
    Commitment.objects.bulk_create(rows)
