"""Certificate numbers from a pattern such as ``{institute}/{programme}/{year}/{seq:04d}``.

Placeholders (docs/certificates.md): ``{institute}`` the institute's code, ``{programme}`` the
programme's code, ``{batch}`` the batch code, ``{year}`` and ``{month}`` of issue, ``{kind}``
(``sttpp`` or ``attendance``) and ``{seq}``, the sequence number, exactly once, with an optional
format (``{seq:04d}``: zero-padded to four digits). Everything else is literal text.

The sequence counts per *scope*: the pattern rendered with everything but ``{seq}``, so
``BPSDM/PKA/2026/{seq}`` starts again at 1 in 2027.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

PLACEHOLDERS = ("institute", "programme", "batch", "year", "month", "kind", "seq")


class PatternError(ValueError):
    pass


def _pieces(pattern: str) -> list[tuple[str, str | None, str]]:
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise PatternError(str(error)) from error
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (name not in PLACEHOLDERS or conversion):
            raise PatternError(f"unknown placeholder {{{name}}}")
        pieces.append((literal, name, spec or ""))
    if sum(1 for _lit, name, _spec in pieces if name == "seq") != 1:
        raise PatternError("the pattern needs {seq} exactly once")
    return pieces


def check_pattern(pattern: str) -> None:
    """Raise PatternError unless ``pattern`` renders (with sample values)."""
    sample = {name: "X" for name in PLACEHOLDERS if name != "seq"}
    render(pattern, {**sample, "year": 2026, "month": 1}, 1)


def _render(pattern: str, values: Mapping[str, object], seq: int | None) -> str:
    out = []
    for literal, name, spec in _pieces(pattern):
        out.append(literal)
        if name is None:
            continue
        if name == "seq" and seq is None:
            out.append("{seq}")
            continue
        value = seq if name == "seq" else values[name]
        try:
            out.append(format(value, spec))
        except (TypeError, ValueError) as error:
            raise PatternError(f"{{{name}:{spec}}}: {error}") from error
    return "".join(out)


def scope(pattern: str, values: Mapping[str, object]) -> str:
    return _render(pattern, values, None)


def render(pattern: str, values: Mapping[str, object], seq: int) -> str:
    return _render(pattern, values, seq)
