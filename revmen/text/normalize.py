"""Light normalisation of Indonesian free text before it is counted or compared."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace: ``"  Sekretariat   DAERAH "`` →
    ``"sekretariat daerah"``. Used to match agency and unit names typed by hand."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())
