from __future__ import annotations

from revmen.text.tokens import content_stems, stem, tokens


def test_informal_spellings_and_reduplication() -> None:
    assert tokens("Sy gak puas bgt, makasih!") == [
        "saya", "tidak", "puas", "banget", ",", "terima", "kasih", "!",
    ]  # fmt: skip
    assert tokens("teman2 se-cuek itu") == ["teman-teman", "secuek", "itu"]
    assert stem("teman-teman") == "teman"


def test_the_fast_dictionary_gives_sastrawis_own_stems() -> None:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stock = StemmerFactory().create_stemmer()
    for word in ["mengecewakan", "pelayanan", "berdesakan", "termotivasi", "kebersamaan"]:
        assert stem(word) == stock.stem(word)


def test_content_stems_drop_stop_words_and_keep_negators_out_of_labels() -> None:
    assert content_stems("Saya sangat senang dengan pelayanan yang ramah") == [
        "senang", "layan", "ramah",
    ]  # fmt: skip
