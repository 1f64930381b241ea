"""Themes and sentiment of a wave's open comments, from the pure core ``revmen.text``.

- While the wave is open, the fold hands each batch's comments to ``sample_comments``: a seeded
  reservoir sample (Vitter's Algorithm R, 1985: the i-th comment takes a slot with probability
  sample / i; the generator is seeded with the wave and i) of at most ``COMMENT_SAMPLE`` comments
  is embedded and stored (``CommentVector``), so closing never waits for the model on them all.
  Embedding runs after the fold's transaction; a failure is logged and never stops the fold.
- At closing, ``comment_summary`` gives the affect of every comment (label counts and mean) and
  the themes of the stored sample, and the vectors are deleted. The report shows them only where
  it shows the comments (the whole agency, at least the wave's comment threshold).
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import transaction

from revmen.text.affect import LABELS, score_many
from revmen.text.embed import embed
from revmen.text.themes import find_themes

from .models import CommentSample, CommentVector, Wave

log = logging.getLogger(__name__)

COMMENT_SAMPLE = 300


def _slots(wave_id: int, seen: int, n: int, sample: int) -> list[int | None]:
    """For the next ``n`` comments after ``seen``: the slot each takes, or None."""
    slots: list[int | None] = []
    for i in range(seen, seen + n):
        if i < sample:
            slots.append(i)
        else:
            j = random.Random(f"{wave_id}:{i}").randrange(i + 1)
            slots.append(j if j < sample else None)
    return slots


def sample_comments(wave: Wave, texts: Sequence[str]) -> int:
    """Embed the fold batch's comments that enter the wave's sample; return how many."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return 0
    with transaction.atomic():
        state, _created = CommentSample.objects.select_for_update().get_or_create(wave=wave)
        slots = _slots(wave.pk, state.seen, len(texts), COMMENT_SAMPLE)
        state.seen += len(texts)
        state.save(update_fields=["seen"])
    chosen: dict[int, str] = {}
    for slot, text in zip(slots, texts, strict=True):
        if slot is not None:
            chosen[slot] = text  # a later comment in the batch replacing the same slot wins
    if not chosen:
        return 0
    try:
        vectors = embed(list(chosen.values()))
    except Exception:  # the fold must go on whatever the model does
        log.exception("culture: embedding %d comments of wave %s failed", len(chosen), wave.pk)
        return 0
    with transaction.atomic():
        for (slot, text), vector in zip(chosen.items(), vectors, strict=True):
            CommentVector.objects.update_or_create(
                wave=wave,
                slot=slot,
                defaults={"text": text, "vector": vector.astype(np.float32).tobytes()},
            )
    return len(chosen)


def comment_summary(wave: Wave, comments: Sequence[str]) -> dict[str, Any]:
    """Affect of ``comments`` and themes of the wave's stored sample (examples as texts)."""
    affects = score_many(comments)
    counts = Counter(a.label for a in affects)
    result: dict[str, Any] = {
        "comment_affect": {
            "n": len(affects),
            "mean": float(np.mean([a.score for a in affects])) if affects else None,
            **{label: counts.get(label, 0) for label in LABELS},
        },
        "comment_themes": [],
        "comment_sample": None,
    }
    rows = list(
        CommentVector.objects.filter(wave=wave).order_by("slot").values_list("text", "vector")
    )
    if rows:
        texts = [text for text, _v in rows]
        vectors = np.vstack([np.frombuffer(bytes(v), dtype=np.float32) for _t, v in rows])
        found = find_themes(vectors, texts, seed=wave.pk)
        result["comment_themes"] = [
            {
                "label": theme.label,
                "size": len(theme.members),
                "examples": [texts[i] for i in theme.examples],
            }
            for theme in found.themes
        ]
        result["comment_sample"] = {"size": len(rows), "total": len(comments)}
    return result


def forget_vectors(wave: Wave) -> None:
    CommentVector.objects.filter(wave=wave).delete()
    CommentSample.objects.filter(wave=wave).delete()
