"""Hypothesis strategies for input meant to break things, shared by the fuzz tests.

``nasty_text``: what people paste and attackers send into a text field — NUL and lone
surrogates (PostgreSQL cannot store either), right-to-left overrides and zero-width marks,
emoji sequences, spreadsheet formulas, markup and template syntax, SQL, format strings, digits
of other scripts, control characters, and text far longer than any field. ``spreadsheet_bytes``:
files an import may be handed — random bytes, truncated and damaged .xlsx, broken CSV in
several encodings.

``FUZZ`` is the one settings profile: few examples (the suite stays fast), derandomized (the
same examples every run, so a failure is never a fluke), no deadline (a request on PostgreSQL
may take a while), and no example database (nothing is written beside the tree).
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openpyxl import Workbook

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# For the many logged-in forms, each a test of its own: fewer examples each.
FUZZ_FORM = settings(FUZZ, max_examples=12)

SPECIMENS = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "\ud83d",  # half of an emoji's surrogate pair
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200d\ufeff",  # zero-width space and joiner, BOM
    "مرحبا بالعالم",
    "👩‍👩‍👧‍👦🇮🇩",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%(name)s %s {0} {code}",
    "'; DROP TABLE accounts_person; --",
    "../../etc/passwd",
    "\x1b[31mred\x1b[0m",
    "\r\n\r\n",
    "０１２３４５",  # full-width digits
    "١٢٣",  # Arabic-Indic digits
    "1e309",
    "NaN",
    "-0",
    "İı ß ǅ ﬁ",
    " ",
    "",
]

any_character = st.characters(exclude_categories=())  # surrogates and controls included
texts = st.text(any_character, max_size=40)
huge = st.builds(
    lambda part, n: part * n, st.sampled_from(["x", "é", "🙂", "\x00"]), st.integers(3000, 20000)
)

nasty_text = st.one_of(
    st.sampled_from(SPECIMENS),
    texts,
    st.lists(st.one_of(st.sampled_from(SPECIMENS), texts), min_size=2, max_size=4).map("".join),
    huge,
)


def without_surrogates(text: str) -> str:
    """What a browser can send of ``text`` (a form body is UTF-8; a surrogate has no UTF-8)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    """An .xlsx of ``rows``, less what XML cannot hold (controls, surrogates): Excel cannot
    write those either."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def legal(value: object) -> object:
        if not isinstance(value, str):
            return value
        return ILLEGAL_CHARACTERS_RE.sub("", without_surrogates(value))

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append([legal(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _damaged_zip(content: bytes, cut: int, junk: bytes) -> bytes:
    """``content`` (an .xlsx) cut short at ``cut`` or with one member replaced by ``junk``."""
    if cut:
        return content[: max(4, len(content) * cut // 100)]
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = junk if name == "xl/worksheets/sheet1.xml" else source.read(name)
            target.writestr(name, data)
    return buffer.getvalue()


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]


def spreadsheet_bytes(header: list[str]) -> st.SearchStrategy[tuple[str, bytes]]:
    """(file name, content) of a file an import for ``header`` may be handed."""
    cell = st.one_of(st.sampled_from(SPECIMENS), st.text(max_size=12), st.integers(-5, 9))
    rows = st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2), max_size=6)

    def csv_text(body: list[list[object]], delimiter: str, quote: str) -> str:
        lines = [delimiter.join(header)]
        lines += [delimiter.join(quote + str(value) for value in row) for row in body]
        return "\n".join(lines)

    def encoded(text: str, encoding: str) -> bytes:
        return text.encode(encoding, "replace")

    csv_files = st.builds(
        lambda body, delimiter, quote, encoding, name: (
            name,
            encoded(csv_text(body, delimiter, quote), encoding),
        ),
        rows,
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["", '"', "'"]),
        st.sampled_from(ENCODINGS),
        st.sampled_from(["file.csv", "file.CSV"]),
    )
    good_xlsx = st.builds(lambda body: _xlsx([list(header), *body]), rows)
    xlsx_files = st.builds(lambda c: ("file.xlsx", c), good_xlsx)
    damaged = st.builds(
        lambda c, cut, junk, name: (name, _damaged_zip(c, cut, junk)),
        good_xlsx,
        st.integers(0, 99),
        st.binary(max_size=64),
        st.sampled_from(["file.xlsx", "file.csv"]),
    )
    noise = st.builds(
        lambda content, name: (name, content),
        st.one_of(
            st.binary(max_size=2048),
            st.binary(max_size=64).map(lambda b: b"PK\x03\x04" + b),
            st.binary(max_size=64).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
            st.binary(max_size=64).map(lambda b: b"\xff\xfe" + b),
            st.just(b""),
            st.just(",".join(header).encode()),
        ),
        st.sampled_from(["file.csv", "file.xlsx"]),
    )
    return st.one_of(csv_files, xlsx_files, damaged, noise)


def row_counts() -> dict[str, int]:
    """Rows per model of revmen's apps: equal before and after means nothing was written."""
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("revmen.")
    }


def unstorable_rows(*models: type) -> list[str]:
    """``model pk field`` of every stored text holding a NUL or a lone surrogate (SQLite keeps
    them where PostgreSQL would have refused)."""
    from django.db import models as m

    from revmen.core.storable import is_storable

    found = []
    for model in models:
        fields = [
            f.attname
            for f in model._meta.concrete_fields  # type: ignore[attr-defined]
            if isinstance(f, m.CharField | m.TextField | m.JSONField)
        ]
        for row in model._default_manager.values("pk", *fields):  # type: ignore[attr-defined]
            for name in fields:
                value = row[name]
                text = value if isinstance(value, str) else repr(value)
                if not is_storable(text) or "\\x00" in text or "\\u0000" in text:
                    found.append(f"{model.__name__} {row['pk']} {name}")
    return found


def assert_clear(message: str) -> None:
    """A message meant for a person: words, not a Python error."""
    import re

    assert message.strip(), "an empty message"
    assert "Traceback" not in message, message
    assert not re.search(r"\b[A-Z][a-zA-Z]*(Error|Exception)\b", message), message
    assert "object at 0x" not in message, message
