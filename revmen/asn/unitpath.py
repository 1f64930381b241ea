"""Unit paths: a unit's names from below the agency root, joined by ``/``.

A ``/`` inside a name is written ``\\/`` and a backslash ``\\\\``, so every path splits back into
the same names. The empty path is the agency itself (the root of its tree).

>>> split_path("Sekretariat/Bagian Umum\\\\/Keuangan")
['Sekretariat', 'Bagian Umum/Keuangan']
>>> join_path(["Sekretariat", "Bagian Umum/Keuangan"])
'Sekretariat/Bagian Umum\\\\/Keuangan'
"""

from __future__ import annotations

SEPARATOR = "/"
ESCAPE = "\\"
MAX_NAME_LENGTH = 200


class InvalidPath(ValueError):
    """A unit path that cannot be read (an empty name, a dangling backslash, a long name)."""


def escape_name(name: str) -> str:
    return name.replace(ESCAPE, ESCAPE * 2).replace(SEPARATOR, ESCAPE + SEPARATOR)


def join_path(names: list[str]) -> str:
    return SEPARATOR.join(escape_name(name) for name in names)


def split_path(path: str) -> list[str]:
    """Split a path into clean names (whitespace around each name is dropped).

    Raises :class:`InvalidPath` on an empty name (``a//b``), a trailing lone backslash or a
    backslash before anything but ``/`` or ``\\``. The empty or blank path gives ``[]``.
    """
    if not path.strip():
        return []
    names: list[str] = []
    current: list[str] = []
    chars = iter(path)
    for ch in chars:
        if ch == ESCAPE:
            nxt = next(chars, None)
            if nxt not in (SEPARATOR, ESCAPE):
                raise InvalidPath(f"backslash must be followed by / or \\ in {path!r}")
            current.append(nxt)
        elif ch == SEPARATOR:
            names.append(_clean("".join(current), path))
            current = []
        else:
            current.append(ch)
    names.append(_clean("".join(current), path))
    return names


def _clean(name: str, path: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidPath(f"empty unit name in {path!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidPath(f"unit name longer than {MAX_NAME_LENGTH} characters in {path!r}")
    return name


def normalize_path(path: str) -> str:
    """The canonical form of a path: names cleaned and re-escaped."""
    return join_path(split_path(path))


def parent_path(path: str) -> str | None:
    """The parent's path, or ``None`` for the root (the empty path)."""
    names = split_path(path)
    return join_path(names[:-1]) if names else None


def path_key(path: str) -> tuple[str, ...]:
    """The names of a stored (clean) path as a sort key: depth-first order of a tree.

    Same as ``tuple(split_path(path))``, with a fast path for the common case without escapes.

    >>> sorted(["A/B", "A B", "A"], key=path_key)
    ['A', 'A/B', 'A B']
    """
    if ESCAPE in path or path != " ".join(path.split()) or " /" in path or "/ " in path:
        return tuple(split_path(path))
    return tuple(path.split(SEPARATOR)) if path else ()
