"""Reading a whole wave's answers fast: PostgreSQL binary COPY straight into NumPy.

Every response of one administration has the same answer length, so each row of
``COPY (SELECT unit_id, answers …) TO STDOUT (FORMAT binary)`` has the same size and the
stream is one structured NumPy array (no Python loop per row). Other databases fall back to the
ORM reader in ``aggregates.recompute``.
"""

from __future__ import annotations

import numpy as np
from django.db import connection

from .aggregates import counts_by_unit, item_count, recompute
from .models import Wave

HEADER = 19  # PGCOPY signature (11) + flags (4) + header extension length (4)
TRAILER = 2  # int16 -1


def recompute_fast(wave: Wave) -> dict[int, tuple[int, np.ndarray]]:
    """Per-unit (respondents, items x 8 counts) of a wave from every stored answer."""
    if connection.vendor != "postgresql":
        return recompute(wave)
    n_items = item_count(wave)
    buffer = bytearray()
    sql = (
        "COPY (SELECT unit_id, answers FROM instruments_response "
        "WHERE administration_id = %s AND unit_id IS NOT NULL "
        "AND length(answers) = %s) TO STDOUT (FORMAT binary)"
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(sql, (wave.administration_id, n_items)) as copy,
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
    body = np.frombuffer(bytes(buffer[HEADER : len(buffer) - TRAILER]), dtype=row)
    return counts_by_unit(body["unit"].astype(np.int64), body["answers"], n_items)
