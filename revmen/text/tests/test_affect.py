"""Rules of the affect scorer on hand-made examples (the labelled sets are in test_affect_sets)."""

from __future__ import annotations

import pytest

from revmen.text.affect import NETRAL, VALUE_CODES, Affect, score, score_many


def test_an_empty_text_is_neutral_with_no_values() -> None:
    assert score("") == Affect(0.0, NETRAL, ())
    assert score("   ") == Affect(0.0, NETRAL, ())


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Saya sangat terharu dan termotivasi setelah sesi ini.", "positif"),
        ("Pelayanannya lambat dan petugasnya tidak ramah.", "negatif"),
        ("Sesi hari ini membahas nilai akuntabel.", "netral"),
        ("Hasilnya tidak mengecewakan.", "positif"),
        ("Sy gak puas bgt sama pelayanannya", "negatif"),
        ("Penjelasannya belum jelas.", "negatif"),
        ("Materinya masih kurang.", "negatif"),
    ],
)
def test_labels_of_typical_sentences(text: str, label: str) -> None:
    assert score(text).label == label


def test_negation_flips_and_can_be_switched_off() -> None:
    assert score("saya puas").score > 0
    assert score("saya tidak puas").score < 0
    assert score("saya tidak puas", negation=False).score > 0


def test_intensifiers_strengthen() -> None:
    assert score("saya sangat senang").score > score("saya senang").score > 0
    assert score("senang banget").score > score("senang").score
    assert score("kecewa sekali").score < score("kecewa").score < 0


def test_scores_stay_in_range_and_values_keep_the_coded_order() -> None:
    result = score("Sangat sangat senang, luar biasa, bagus sekali, mantap, hebat, puas! " * 20)
    assert -1.0 <= result.score <= 1.0
    values = score("Kami bergotong royong, jujur, dan melayani masyarakat dengan ramah").values
    assert values == tuple(c for c in VALUE_CODES if c in values)
    assert {"GR", "IN", "ML", "BP"} <= set(values)


def test_score_many_scores_each_text() -> None:
    texts = ["senang", "", "kecewa"]
    assert score_many(texts) == [score(t) for t in texts]
