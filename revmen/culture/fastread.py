"""Reading a whole wave's answers fast from PostgreSQL, straight into NumPy.

Every response of one administration has the same answer length, so PostgreSQL can pack them
into fixed-width records (``int8send(unit_id) || answers``) and hand them over many thousand
at a time (``string_agg`` over a range of table blocks, in binary): the client receives a few
dozen large values instead of one message per row (binary COPY spends most of its time there),
and each value is one structured NumPy array. Outside a transaction the block ranges are read
on ``RECOMPUTE_THREADS`` connections at once, so PostgreSQL's side runs on several cores. Other
databases fall back to the ORM reader in ``aggregates.recompute``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.db import connection, connections

from .aggregates import counts_by_unit, item_count, recompute
from .models import Wave

RECOMPUTE_THREADS = 2
BLOCKS_PER_PART = 4096  # 32 MB of table, a value of ~25 MB at most
PACK = (
    "SELECT string_agg(int8send(unit_id) || answers, ''::bytea) FROM instruments_response "
    "WHERE administration_id = %s AND unit_id IS NOT NULL AND length(answers) = %s "
    "AND ctid >= %s::tid AND ctid < %s::tid"
)


def recompute_fast(
    wave: Wave, *, threads: int = RECOMPUTE_THREADS
) -> dict[int, tuple[int, np.ndarray]]:
    """Per-unit (respondents, items x 8 counts) of a wave from every stored answer."""
    if connection.vendor != "postgresql":
        return recompute(wave)
    n_items = item_count(wave)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('instruments_response') / current_setting('block_size')::int"
        )
        blocks = int(cursor.fetchone()[0]) + 1
    parts = max(1, blocks // BLOCKS_PER_PART)
    edges = [blocks * i // parts for i in range(parts)] + [2**31 - 1]
    jobs = [
        (wave.administration_id, n_items, f"({edges[i]},0)", f"({edges[i + 1]},0)")
        for i in range(parts)
    ]
    if threads <= 1 or parts == 1 or connection.in_atomic_block:
        packed = [_read(job) for job in jobs]  # other connections would not see our rows
    else:
        with ThreadPoolExecutor(min(threads, parts)) as pool:
            packed = list(pool.map(_read_in_thread, jobs))
    row = np.dtype([("unit", ">i8"), ("answers", np.uint8, (n_items,))])
    records = np.concatenate([np.frombuffer(value, dtype=row) for value in packed])
    return counts_by_unit(records["unit"].astype(np.int64), records["answers"], n_items)


def _read_in_thread(job: tuple[object, ...]) -> bytes:
    try:
        return _read(job)
    finally:
        connections.close_all()  # this thread's own connection


def _read(job: tuple[object, ...]) -> bytes:
    """The packed records of one block range (binary: no hex round trip)."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(PACK, job, binary=True)
        found = cursor.fetchone()
    return bytes(found[0]) if found and found[0] is not None else b""
