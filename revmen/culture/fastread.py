"""Reading a whole wave's answers fast: PostgreSQL binary COPY straight into NumPy.

Every response of one administration has the same answer length, so each row of
``COPY (SELECT unit_id, answers …) TO STDOUT (FORMAT binary)`` has the same size and the
stream is one structured NumPy array (no Python loop per row). Outside a transaction the table
is read in ``RECOMPUTE_PARTS`` block ranges at once (TID range scans, one connection each), so
PostgreSQL's side of the work runs on several cores. Other databases fall back to the ORM
reader in ``aggregates.recompute``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.db import connection, connections

from .aggregates import counts_by_unit, item_count, recompute
from .models import Wave

HEADER = 19  # PGCOPY signature (11) + flags (4) + header extension length (4)
TRAILER = 2  # int16 -1
RECOMPUTE_PARTS = 2
SELECT = (
    "SELECT unit_id, answers FROM instruments_response "
    "WHERE administration_id = %s AND unit_id IS NOT NULL AND length(answers) = %s"
)


def recompute_fast(
    wave: Wave, *, parts: int = RECOMPUTE_PARTS
) -> dict[int, tuple[int, np.ndarray]]:
    """Per-unit (respondents, items x 8 counts) of a wave from every stored answer."""
    if connection.vendor != "postgresql":
        return recompute(wave)
    n_items = item_count(wave)
    params = (wave.administration_id, n_items)
    if parts <= 1 or connection.in_atomic_block:  # other connections would not see our rows
        units, answers = _read(SELECT, params, n_items)
        return counts_by_unit(units, answers, n_items)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('instruments_response') / current_setting('block_size')::int"
        )
        blocks = int(cursor.fetchone()[0]) + 1
    edges = [blocks * i // parts for i in range(parts)] + [2**31 - 1]
    ranged = SELECT + " AND ctid >= %s::tid AND ctid < %s::tid"
    jobs = [(*params, f"({edges[i]},0)", f"({edges[i + 1]},0)") for i in range(parts)]
    with ThreadPoolExecutor(parts) as pool:
        read = list(pool.map(lambda job: _read_in_thread(ranged, job, n_items), jobs))
    units = np.concatenate([u for u, _a in read])
    answers = np.concatenate([a for _u, a in read])
    return counts_by_unit(units, answers, n_items)


def _read_in_thread(
    sql: str, params: tuple[object, ...], n_items: int
) -> tuple[np.ndarray, np.ndarray]:
    try:
        return _read(sql, params, n_items)
    finally:
        connections.close_all()  # this thread's own connection


def _read(sql: str, params: tuple[object, ...], n_items: int) -> tuple[np.ndarray, np.ndarray]:
    """(unit ids, answers matrix) of the rows ``sql`` selects, through one binary COPY."""
    buffer = bytearray()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)", params) as copy,
    ):
        for block in copy:
            buffer += block
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("unit_len", ">i4"),
            ("unit", ">i8"),
            ("answers_len", ">i4"),
            ("answers", np.uint8, (n_items,)),
        ]
    )
    count = (len(buffer) - HEADER - TRAILER) // row.itemsize
    body = np.frombuffer(buffer, dtype=row, count=count, offset=HEADER)
    return body["unit"].astype(np.int64), body["answers"]
