from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
from django.core.management import call_command

from revmen.core.testing import BaseTestCase
from revmen.culture.aggregates import recompute, stored
from revmen.culture.fastread import counts_by_unit, recompute_fast
from revmen.culture.models import Wave

from .test_waves import TREE, culture_csv


class FastReadTests(BaseTestCase):
    def test_the_fast_recompute_equals_the_orm_recompute_and_the_fold(self) -> None:
        path = Path(tempfile.mkdtemp()) / "wave.csv"
        path.write_text(culture_csv(TREE))
        call_command(
            "culture",
            "import",
            str(path),
            "--org",
            "PEMPROV-A",
            "--wave",
            "W",
            "--create-units",
            stdout=io.StringIO(),
        )
        wave = Wave.objects.get(name="W")
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
