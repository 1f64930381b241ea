"""k-means themes on synthetic vectors, and the adjusted Rand index against a hand-worked case."""

from __future__ import annotations

import time

import numpy as np
import pytest

from revmen.text.themes import SPECTRAL_SAMPLE, adjusted_rand_index, find_themes
from revmen.text.tokens import stem


def test_adjusted_rand_index_matches_a_hand_worked_example() -> None:
    # a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]: contingency rows {0:2,1:1}, {1:1,2:2}.
    # Σ C(n_ij,2) = 1 + 1 = 2; rows: 3 + 3 = 6; cols: 1 + 1 + 1 = 3; C(6,2) = 15.
    # E = 6 * 3 / 15 = 1.2; max = (6 + 3) / 2 = 4.5; ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3.
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.8 / 3.3)
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand_index([0, 1, 0, 1], [0, 0, 1, 1]) == pytest.approx(-0.5)


def planted(n: int, k: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, 64))
    truth = rng.integers(0, k, n)
    x = centres[truth] + rng.normal(size=(n, 64)) * 0.7
    return x / np.linalg.norm(x, axis=1, keepdims=True), truth


def predicted(themes_: object, n: int) -> np.ndarray:
    labels = np.full(n, -1)
    for j, theme in enumerate(themes_.themes):  # type: ignore[attr-defined]
        labels[list(theme.members)] = j
    return labels


def test_it_recovers_planted_clusters_with_distinctive_labels() -> None:
    x, truth = planted(300, 4)
    topics = ["anggaran", "jembatan", "vaksinasi", "sekolah"]
    texts = [f"laporan tentang {topics[t]} dan kegiatan kantor" for t in truth]
    found = find_themes(x, texts)
    assert len(found.themes) == 4
    assert adjusted_rand_index(truth, predicted(found, 300)) > 0.95
    for theme in found.themes:
        topic = truth[theme.members[0]]
        assert theme.label.split(", ")[0] == stem(topics[topic])
        assert 1 <= len(theme.examples) <= 3 and set(theme.examples) <= set(theme.members)
    sizes = [len(t.members) for t in found.themes]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("k", [2, 3, 5, 7])
def test_the_number_of_themes_follows_the_data(k: int) -> None:
    x, truth = planted(40 * k, k, seed=k)
    found = find_themes(x, ["teks"] * len(truth))
    assert len(found.themes) == k
    assert adjusted_rand_index(truth, predicted(found, len(truth))) > 0.95


def test_random_directions_without_groups_give_one_theme() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(150, 384))
    found = find_themes(x / np.linalg.norm(x, axis=1, keepdims=True), ["teks"] * 150)
    assert len(found.themes) == 1 and len(found.themes[0].members) == 150


def test_above_the_spectral_sample_every_text_still_gets_a_theme() -> None:
    x, truth = planted(SPECTRAL_SAMPLE + 500, 3, seed=5)
    found = find_themes(x, ["teks"] * len(truth))
    assert len(found.themes) == 3
    assert adjusted_rand_index(truth, predicted(found, len(truth))) > 0.95


def test_small_and_degenerate_inputs() -> None:
    assert find_themes(np.zeros((0, 8)), []).themes == ()
    two = find_themes(np.ones((2, 8)), ["a", "b"])
    assert two.themes == () and two.unassigned == (0, 1)
    same = find_themes(np.ones((10, 8)), ["sama"] * 10)
    assert len(same.themes) == 1 and len(same.themes[0].members) == 10
    with pytest.raises(ValueError):
        find_themes(np.ones((3, 8)), ["a"])


def test_small_clusters_are_unassigned() -> None:
    x, _truth = planted(40, 3)
    outlier = np.zeros((1, 64))
    outlier[0, 0] = 1.0
    x = np.vstack([x, outlier])
    found = find_themes(x, ["teks"] * 41, min_size=3)
    assigned = {i for t in found.themes for i in t.members}
    assert assigned | set(found.unassigned) == set(range(41))
    assert not assigned & set(found.unassigned)
    assert all(len(t.members) >= 3 for t in found.themes)


def test_5000_vectors_within_10_seconds_and_same_seed_same_result() -> None:
    x, _truth = planted(5000, 6)
    texts = [f"catatan nomor {i % 50}" for i in range(5000)]
    start = time.perf_counter()
    first = find_themes(x, texts)
    assert time.perf_counter() - start < 10
    assert find_themes(x, texts) == first
