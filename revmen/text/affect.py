"""Affect of an Indonesian text: a score in [-1, 1], a label and the values it speaks of.

Method (lexicon and rules, in the manner of VADER, Hutto & Gilbert 2014, adapted to Indonesian):

1. Fold case and accents, tokenise, replace informal spellings (``gak`` → ``tidak``, ``bgt`` →
   ``banget``, ``sy`` → ``saya`` …; ``revmen.text.tokens.INFORMAL``).
2. Each token is looked up in the lexicon (``revmen.text.lexicon``), first as a two-word phrase,
   then as the folded word, then as its Sastrawi stem; a hit gives a weight ``w``.
3. Intensifiers multiply ``w``: before the word (``sangat``, ``amat``, ``terlalu`` …) or after it
   (``sekali``, ``banget``).
4. Negation: a negator (``tidak tak bukan belum jangan kurang``, ``tanpa``) multiplies by a
   negative factor (−0.5 … −0.75: negating a feeling weakens it as well as flipping it, so
   "tidak kecewa" is mildly positive) the sentiment words of the next ``NEGATION_SCOPE`` tokens,
   ending at a clause break (punctuation, ``tapi``). ``kurang`` with no sentiment word in reach
   counts as a mild complaint on its own ("masih kurang").
5. Contrast: at ``tapi``/``namun``/``tetapi`` … what came before is halved and what follows
   weighs 1.5×.
6. The sum ``s`` is squashed to [-1, 1] by ``s / sqrt(s² + ALPHA)`` and labelled with the cut-offs
   ``POSITIVE_FROM`` and ``NEGATIVE_TO`` (see docs/text.md for how they were chosen).

Values: a value code is reported when one of its keyword stems (``lexicon.VALUE_STEMS``) occurs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from revmen.text import lexicon
from revmen.text.tokens import CLAUSE_BREAKS, stem, tokens

# The coded values in the order of revmen/core/values.py VALUES (a test checks they agree).
VALUE_CODES: tuple[str, ...] = (
    "BP", "AK", "KO", "HA", "LO", "AD", "KL", "BS", "ML", "RS", "IN", "EK", "GR",
)  # fmt: skip

NEGATIF = "negatif"
NETRAL = "netral"
POSITIF = "positif"
LABELS = (NEGATIF, NETRAL, POSITIF)

# Squashing constant: a single clear word (weight 2) scores 2/sqrt(4 + ALPHA).
ALPHA = 6.0
# Cut-offs on the squashed score.
POSITIVE_FROM = 0.15
NEGATIVE_TO = -0.15
# A lone "kurang" ("masih kurang") counts this much.
LONE_KURANG = -1.0
CONTRAST_BEFORE = 0.5
CONTRAST_AFTER = 1.5
# "se-" comparatives ("sebahagia ini") weigh this much more than the adjective.
COMPARATIVE = 1.3


@dataclass(frozen=True)
class Affect:
    score: float  # in [-1, 1]
    label: str  # "negatif" | "netral" | "positif"
    values: tuple[str, ...]  # value codes in the coded list's order


NEUTRAL_EMPTY = Affect(0.0, NETRAL, ())


def _word_weight(word: str) -> float | None:
    weight = lexicon.WORDS.get(word)
    if weight is None and word not in lexicon.NEUTRAL_FORMS:
        weight = lexicon.WORDS.get(stem(word))
    return weight


def _comparative(word: str) -> float | None:
    """``se-`` + adjective ("sebahagia ini", "seasyik ini"): as … as this, a strong form that
    "tidak pernah" does not negate."""
    if (
        len(word) > 5
        and word.startswith("se")
        and word.isalpha()
        and word not in lexicon.WORDS
        and word not in lexicon.NEUTRAL_FORMS
    ):
        base = _word_weight(word[2:])
        if base is not None:
            return base * COMPARATIVE
    return None


def _negated_only(word: str) -> float | None:
    weight = lexicon.NEGATED_ONLY.get(word)
    if weight is None and word not in lexicon.NEUTRAL_FORMS:
        weight = lexicon.NEGATED_ONLY.get(stem(word))
    return weight


def label_of(value: float) -> str:
    if value >= POSITIVE_FROM:
        return POSITIF
    if value <= NEGATIVE_TO:
        return NEGATIF
    return NETRAL


def raw_sum(words: list[str], *, negation: bool = True) -> float:
    """The unsquashed sum of the weights of ``words`` (folded tokens) under the rules."""
    total = 0.0
    factor = 1.0  # contrast weight for what follows
    negator: str | None = None  # a negator still waiting for the word it negates
    neg_left = 0
    boost = 1.0
    boost_left = 0
    too_left = 0  # tokens a pending "terlalu" still reaches
    topic_left = 0  # tokens after "nilai" where value terms are topics
    n = len(words)

    def close_negator() -> None:
        nonlocal total, negator
        if negator == "kurang":
            total += LONE_KURANG * factor
        negator = None

    def close_too() -> None:
        nonlocal total, too_left
        if too_left > 0:
            total += lexicon.LONE_TOO * factor
        too_left = 0

    i = 0
    while i < n:
        word = words[i]
        if word in CLAUSE_BREAKS or word in lexicon.CONTRASTS:
            close_negator()
            close_too()
            boost_left = 0
            if word in lexicon.CONTRASTS:
                total *= CONTRAST_BEFORE
                factor = CONTRAST_AFTER
            i += 1
            continue
        if word in lexicon.VALUE_TOPIC_MARKERS:
            topic_left = lexicon.VALUE_TOPIC_SCOPE
            i += 1
            continue
        if topic_left > 0:
            topic_left -= 1
            if word in lexicon.VALUE_TERMS or word in ("dan", "serta"):
                i += 1
                continue
        phrase = lexicon.PHRASES.get(f"{word} {words[i + 1]}") if i + 1 < n else None
        if phrase is None and negation and word in lexicon.NEGATORS:
            nxt = words[i + 1] if i + 1 < n else ""
            if word == "bukan" and nxt == "main":
                boost, boost_left = lexicon.BOOSTERS_BEFORE["sangat"], 2  # "bukan main"
                i += 2
                continue
            if word == "tidak" and nxt in ("hanya", "cuma", "saja"):
                i += 2  # "tidak hanya …": not a negation
                continue
            close_negator()
            negator, neg_left = word, lexicon.NEGATION_SCOPE
            i += 1
            continue
        if phrase is None and negation and word == "jauh" and i + 1 < n and words[i + 1] == "dari":
            close_negator()  # "jauh dari harapan": far from = not
            negator, neg_left = "bukan", lexicon.NEGATION_SCOPE
            i += 2
            continue
        if phrase is None and word == lexicon.TOO:
            if negator is not None:  # "tidak terlalu buruk": not very
                i += 1
                continue
            close_too()
            too_left = 2
            i += 1
            continue
        if phrase is None and word in lexicon.BOOSTERS_BEFORE:
            boost, boost_left = lexicon.BOOSTERS_BEFORE[word], 2
            i += 1
            continue
        width = 2 if phrase is not None else 1
        weight = phrase
        negatable = True
        if weight is None and i + 1 < n and words[i + 1] in ("ini", "itu"):
            weight = _comparative(word)
            negatable = weight is None
        if weight is None:
            weight = _word_weight(word)
        if weight is None and negator is not None:
            weight = _negated_only(word)
        if weight is not None and weight != 0:
            if boost_left > 0:
                weight *= boost
            if too_left > 0:
                weight *= lexicon.TOO_BAD if weight < 0 else lexicon.TOO_GOOD
                too_left = 0
            after = i + width
            if after < n and words[after] in lexicon.BOOSTERS_AFTER:
                weight *= lexicon.BOOSTERS_AFTER[words[after]]
            if negator is not None:
                if negatable:
                    weight *= lexicon.NEGATORS[negator]
                negator = None
            total += weight * factor
            boost_left = 0
        else:
            boost_left -= width
            if too_left > 0:
                too_left -= width
                if too_left <= 0:
                    too_left = 1
                    close_too()
            if negator is not None:
                neg_left -= width
                if neg_left <= 0:
                    close_negator()
        i += width
    close_negator()
    close_too()
    return total


def squash(total: float) -> float:
    return total / math.sqrt(total * total + ALPHA) if total else 0.0


def values_of(words: list[str]) -> tuple[str, ...]:
    plain = [w for w in words if w not in CLAUSE_BREAKS]
    found = set(plain)
    stemmed = [stem(w) for w in plain]
    found.update(stemmed)
    found.update(f"{a} {b}" for a, b in pairwise(stemmed))
    found.update(f"{a} {b}" for a, b in pairwise(plain))
    return tuple(
        code
        for code in VALUE_CODES
        if any(keyword in found for keyword in lexicon.VALUE_STEMS[code])
    )


def score(text: str, *, negation: bool = True) -> Affect:
    """The affect of ``text``; ``negation=False`` ignores negators (a baseline for the tests)."""
    words = tokens(text)
    if not words:
        return NEUTRAL_EMPTY
    value = round(squash(raw_sum(words, negation=negation)), 4)
    return Affect(value, label_of(value), values_of(words))


def score_many(texts: Sequence[str], *, negation: bool = True) -> list[Affect]:
    return [score(text, negation=negation) for text in texts]
