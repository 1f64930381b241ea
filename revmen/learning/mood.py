"""The one adapter between the learning app and the pure core ``revmen.text``: affect of an
entry, its embedding, and the themes of a set of stored vectors.

Imports of the core are inside the functions: the embedding model loads only in the
background job that needs it (never on a page), and the rest of the app does not depend on
when the core is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DTYPE = np.float32


@dataclass(frozen=True)
class Mood:
    score: float
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    label: str
    members: tuple[int, ...]
    examples: tuple[int, ...]


def affect(text: str) -> Mood:
    from revmen.text.affect import score

    result = score(text)
    return Mood(float(result.score), str(result.label), tuple(result.values))


def embed_one(text: str) -> bytes:
    """The text's L2-normalised embedding as float32 bytes (slow: background jobs only)."""
    from revmen.text.embed import embed

    vectors = np.asarray(embed([text]), dtype=DTYPE)
    return vectors[0].tobytes()


def vectors_from(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored float32 bytes back to an (n, d) array."""
    if not blobs:
        return np.zeros((0, 0), dtype=DTYPE)
    return np.vstack([np.frombuffer(bytes(blob), dtype=DTYPE) for blob in blobs])


def themes(vectors: np.ndarray, texts: Sequence[str], *, min_size: int = 3) -> list[Theme]:
    """Themes of stored vectors (fast: clustering only, the model is never called)."""
    if len(texts) < min_size:
        return []
    from revmen.text.themes import find_themes

    found = find_themes(vectors, list(texts), min_size=min_size, max_themes=8, seed=0)
    return [
        Theme(str(t.label), tuple(int(i) for i in t.members), tuple(int(i) for i in t.examples))
        for t in found.themes
    ]
