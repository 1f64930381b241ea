from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test import TransactionTestCase

from revmen.culture.aggregates import recompute, stored
from revmen.culture.fastread import counts_by_unit, recompute_fast
from revmen.front.testing import BaseTestCase, Personas
from revmen.instruments.library import load_library

from .test_waves import import_tree_wave


class FastReadTests(BaseTestCase):
    def test_the_fast_recompute_equals_the_orm_recompute_and_the_fold(self) -> None:
        wave = import_tree_wave("W")
        fast, slow, folded = recompute_fast(wave), recompute(wave), stored(wave)
        assert set(fast) == set(slow) == set(folded)
        for unit, (n, counts) in slow.items():
            assert fast[unit][0] == n == folded[unit][0]
            assert np.array_equal(fast[unit][1], counts)


def test_counts_by_unit_by_hand() -> None:
    units = np.array([7, 3, 7, 7])
    answers = np.array([[1, 0], [5, 5], [1, 2], [4, 0]], dtype=np.uint8)
    result = counts_by_unit(units, answers, 2)
    assert result[3][0] == 1 and result[3][1][0, 5] == 1
    n, counts = result[7]
    assert n == 3
    assert counts[0, 1] == 2 and counts[0, 4] == 1
    assert counts[1, 0] == 2 and counts[1, 2] == 1
    assert counts_by_unit(np.array([], dtype=int), np.zeros((0, 2), dtype=np.uint8), 2) == {}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="block ranges and COPY are PostgreSQL's"
)
class ParallelFastReadTests(TransactionTestCase):
    """Outside a transaction the table is read in block ranges by several connections at once."""

    def test_reading_in_block_ranges_equals_reading_at_once(self) -> None:
        from unittest import mock

        Personas.make_personas()
        load_library()
        for name in ("W1", "W2", "W3"):  # a table of a few blocks
            wave = import_tree_wave(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size('instruments_response') / 8192")
            assert cursor.fetchone()[0] >= 2
        slow = recompute(wave)
        for per_part in (1, 2, 3):  # the tiny table in 1-, 2- and 3-block ranges, 2 threads
            with mock.patch("revmen.culture.fastread.BLOCKS_PER_PART", per_part):
                fast = recompute_fast(wave, threads=2)
            assert set(fast) == set(slow)
            for unit, (n, counts) in slow.items():
                assert fast[unit][0] == n
                assert np.array_equal(fast[unit][1], counts)
