"""Tokenising, informal-spelling normalisation and stemming of Indonesian text.

Sastrawi (the Nazief–Adriani / ECS stemmer of Asian et al.) does the stemming; each distinct word
is stemmed once per process (a bounded cache), which is what makes scoring thousands of entries a
second possible.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, cast

from revmen.text.normalize import fold

# A token is a run of letters (digits kept so that "jam 9" stays a token); "benar-benar" and
# "ter-update" keep their hyphen so reduplication can be recognised.
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[.,;:!?()]")
CLAUSE_BREAKS = frozenset(".,;:!?()")

# Informal and chat spellings → standard words. Applied to whole tokens after case folding.
INFORMAL: dict[str, str] = {
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "g": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "nggk": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "ndak": "tidak",
    "kagak": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "nda": "tidak",
    "tiada": "tidak",
    "ngak": "tidak",
    "blm": "belum",
    "blom": "belum",
    "belom": "belum",
    "bkn": "bukan",
    "krg": "kurang",
    "jgn": "jangan",
    "bgt": "banget",
    "bngt": "banget",
    "bener": "benar",
    "bener-bener": "benar-benar",
    "bnr": "benar",
    "sy": "saya",
    "aku": "saya",
    "gue": "saya",
    "gw": "saya",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "krn": "karena",
    "karna": "karena",
    "udah": "sudah",
    "udh": "sudah",
    "sdh": "sudah",
    "dah": "sudah",
    "aja": "saja",
    "aj": "saja",
    "tp": "tapi",
    "tpi": "tapi",
    "utk": "untuk",
    "tuk": "untuk",
    "dr": "dari",
    "sm": "sama",
    "lg": "lagi",
    "jd": "jadi",
    "jdi": "jadi",
    "bs": "bisa",
    "bisa2": "bisa",
    "org": "orang",
    "byk": "banyak",
    "bnyk": "banyak",
    "trs": "terus",
    "sgt": "sangat",
    "skali": "sekali",
    "bgus": "bagus",
    "mantab": "mantap",
    "mantul": "mantap",
    "oke": "baik",
    "ok": "baik",
    "makasih": "terima kasih",
    "makasi": "terima kasih",
    "trims": "terima kasih",
    "thx": "terima kasih",
    "capek": "lelah",
    "cape": "lelah",
    "ribet": "rumit",
    "lemot": "lambat",
    "lelet": "lambat",
    "males": "malas",
    "emang": "memang",
    "kalo": "kalau",
    "klo": "kalau",
    "gimana": "bagaimana",
    "gmn": "bagaimana",
    "pengen": "ingin",
    "pgn": "ingin",
    "seneng": "senang",
    "nyesel": "menyesal",
    "ngeselin": "menyebalkan",
    "nyebelin": "menyebalkan",
    "mager": "malas",
    "ngerti": "mengerti",
    "bikin": "membuat",
    "gapapa": "tidak apa-apa",
    "gpp": "tidak apa-apa",
    "doang": "saja",
    "cuman": "cuma",
    "bgs": "bagus",
    "sngt": "sangat",
    "bnr2": "benar-benar",
    "terimakasih": "terima kasih",
    "cepet": "cepat",
    "mantep": "mantap",
    "jelek2": "jelek",
    "parah2": "parah",
    "ngantuk": "mengantuk",
    "nyaman2": "nyaman",
    "kecewain": "mengecewakan",
    "ngecewain": "mengecewakan",
    "bete": "kesal",
    "kzl": "kesal",
    "sebel": "kesal",
    "keren": "hebat",
    "asik": "asyik",
    "asyiik": "asyik",
}


class _Stemmer(Protocol):
    def stem(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _stemmer() -> _Stemmer:
    from Sastrawi.Stemmer.StemmerFactory import (  # type: ignore[import-untyped]
        StemmerFactory,
    )

    stemmer = StemmerFactory().create_stemmer()
    # Sastrawi keeps its ~30,000-word dictionary in a list and tests membership by scanning it
    # (tens of milliseconds a word); a set gives the same answers in constant time.
    dictionary = stemmer.delegatedStemmer.dictionary
    dictionary.words = set(dictionary.words)
    return cast(_Stemmer, stemmer.delegatedStemmer)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi's stem of one lower-case word (cached); numbers and punctuation pass through."""
    if not word.isalpha():
        if "-" in word:
            head, _sep, tail = word.partition("-")
            if head == tail:  # reduplication: "teman-teman" → "teman"
                return stem(head)
        return word
    result = _stemmer().stem(word)
    return result or word


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Sastrawi's Indonesian stop words, plus chat fillers; negators are never stop words here
    (the affect rules need them)."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import (  # type: ignore[import-untyped]
        StopWordRemoverFactory,
    )

    words = {str(w) for w in StopWordRemoverFactory().get_stop_words()}
    words |= {
        "saya", "kami", "kita", "ini", "itu", "sih", "deh", "dong", "kok", "nya", "lah", "pun",
        "yang", "juga", "sudah", "akan", "bisa", "ada", "hari", "jadi", "kalau", "lebih", "sama",
        "karena", "untuk", "dengan", "dari", "banget", "sangat", "sekali", "tapi", "saja",
        "terima", "kasih", "buat", "semua", "orang", "banyak", "lagi", "terus", "masih", "baru",
    }  # fmt: skip
    return frozenset(words)


def tokens(text: str) -> list[str]:
    """Folded tokens with informal spellings replaced (one token may become two, e.g.
    "makasih" → "terima", "kasih"); punctuation that ends a clause is kept as its own token."""
    out: list[str] = []
    for raw in _TOKEN.findall(fold(text)):
        if raw.endswith("2") and raw[:-1].isalpha():  # "teman2", "bener2": reduplication
            raw = f"{raw[:-1]}-{raw[:-1]}"
        if raw.startswith("se-") and len(raw) > 4:  # "se-cuek itu" → "secuek"
            raw = "se" + raw[3:]
        word = INFORMAL.get(raw, raw)
        if " " in word:
            out.extend(word.split())
        else:
            out.append(word)
    return out


def stems(text: str) -> list[str]:
    """Stems of the words of ``text`` (no punctuation)."""
    return [stem(t) for t in tokens(text) if t not in CLAUSE_BREAKS]


def content_stems(text: str) -> list[str]:
    """Stems without stop words, numbers or one-letter words: what themes are labelled with."""
    stop = stop_words()
    result: list[str] = []
    for token in tokens(text):
        if token in CLAUSE_BREAKS or token in stop or len(token) < 3 or not token[0].isalpha():
            continue
        s = stem(token)
        if s in stop or len(s) < 3:
            continue
        result.append(s)
    return result


def stems_many(texts: Sequence[str]) -> list[list[str]]:
    return [content_stems(t) for t in texts]
