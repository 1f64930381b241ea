"""Per-(wave, unit) answer counts: folded in from new responses, or recomputed from all.

The fold is the steady state while a wave is open: the periodic job ``culture.fold`` (every
30 s) folds what arrived since, in batches. No answer queues anything: a task row per answer
would keep its exact time, and a fold per answer would give the aggregate rows that answer's
transaction id (docs/privacy.md). The full recompute is the check: for a closed wave both
must give the same counts (tested).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from functools import lru_cache

import numpy as np
from django.db import transaction

from revmen.core.periodic import periodic
from revmen.instruments.answers import answer_matrix
from revmen.instruments.models import Item, ItemKind, Response

from .models import Aggregate, CutAggregate, ProfileCount, Wave

MAX_VALUE = 7
FOLD_BATCH = 20_000
SQL_CHUNK = 2_000  # parameters per statement stay well below SQLite's limit


def item_count(wave: Wave) -> int:
    return Item.objects.filter(version_id=wave.administration.version_id).count()


def count_matrices(
    rows: Iterable[tuple[int | None, bytes | memoryview]],
    n_items: int,
) -> dict[int, tuple[int, np.ndarray]]:
    """unit id -> (respondents, items x 8 counts) from (unit id, answers) rows; rows without a
    unit are left out."""
    kept = [(unit_id, answers) for unit_id, answers in rows if unit_id is not None]
    if not kept:
        return {}
    units = np.fromiter((unit_id for unit_id, _a in kept), dtype=np.int64, count=len(kept))
    return counts_by_unit(units, answer_matrix((a for _u, a in kept), n_items), n_items)


def counts_by_unit(
    units: np.ndarray, answers: np.ndarray, n_items: int
) -> dict[int, tuple[int, np.ndarray]]:
    """Counts of every value of every item per unit: one ``bincount`` per item over
    (unit slot x 8 + value), so memory stays at one integer per respondent."""
    if units.size == 0:
        return {}
    units = units.astype(np.int64, copy=False)
    ids = np.flatnonzero(np.bincount(units))  # the unit ids present, ascending
    slot = np.full(int(ids[-1]) + 1, -1, dtype=np.int64)
    slot[ids] = np.arange(ids.size)
    base = slot[units] * (MAX_VALUE + 1)
    width = ids.size * (MAX_VALUE + 1)
    counts = np.empty((ids.size, n_items, MAX_VALUE + 1), dtype=np.uint32)
    for item in range(n_items):
        tally = np.bincount(base + answers[:, item], minlength=width)
        counts[:, item, :] = tally.reshape(ids.size, MAX_VALUE + 1)
    sizes = np.bincount(slot[units], minlength=ids.size)
    return {int(unit): (int(sizes[i]), counts[i]) for i, unit in enumerate(ids)}


def decode(raw: bytes | memoryview, n_items: int) -> np.ndarray:
    """A stored count matrix (empty = no answers yet), writable."""
    shape = (n_items, MAX_VALUE + 1)
    if not raw:
        return np.zeros(shape, dtype=np.uint32)
    return np.frombuffer(bytes(raw), dtype="<u4").reshape(shape).copy()


def encode(counts: np.ndarray) -> bytes:
    return counts.astype("<u4").tobytes()


def fold(wave: Wave, *, batch: int = FOLD_BATCH, embed_comments: bool = True) -> int:
    """Add not-yet-folded responses of the wave to its aggregates; return how many. The batch's
    open comments go to the themes' sample after the transaction (``comments.py``), unless
    ``embed_comments`` is false (a past wave imported from a file: no themes, no model).

    The folded rows are written back in random order, so that while a wave is open the order
    rows lie in says no more than which ~10-second fold window an answer arrived in.
    """
    n_items = item_count(wave)
    with transaction.atomic():
        _share_wave_lock(wave)
        pending = list(
            Response.objects.filter(
                administration_id=wave.administration_id, folded=False
            ).select_for_update(skip_locked=True)[:batch]
        )
        if not pending:
            return 0
        _fold_profile(wave, pending, n_items)
        rows = ((r.unit_id, bytes(r.answers)) for r in pending)
        for unit_id, (n, counts) in count_matrices(rows, n_items).items():
            aggregate, _created = Aggregate.objects.select_for_update().get_or_create(
                wave=wave, unit_id=unit_id, defaults={"counts": b""}
            )
            aggregate.n += n
            aggregate.counts = encode(decode(aggregate.counts, n_items) + counts)
            aggregate.save(update_fields=["n", "counts"])
        _rewrite_shuffled(pending)
    if embed_comments:
        _sample_comments(wave, pending)
    return len(pending)


def _sample_comments(wave: Wave, pending: list[Response]) -> None:
    """The batch's open comments go to the themes' sample (``comments.sample_comments``)."""
    codes = _text_codes(wave.administration.version_id)
    texts = [
        text
        for response in pending
        for code, text in (response.texts or {}).items()
        if code in codes and isinstance(text, str) and text.strip()
    ]
    random.shuffle(texts)
    if texts:
        from .comments import sample_comments

        sample_comments(wave, texts)


def _text_codes(version_id: int) -> frozenset[str]:
    return frozenset(
        item.code for item in Item.objects.filter(version_id=version_id) if item.is_text
    )


def _share_wave_lock(wave: Wave) -> None:
    """Folds of one wave run side by side (they skip each other's rows), but not beside the
    closing shuffle, which takes the wave row exclusively (SQLite runs one writer anyway)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM culture_wave WHERE id = %s FOR SHARE", [wave.pk])


def profile_items(wave: Wave) -> list[tuple[str, int, int]]:
    """(code, position, number of options) of the wave's profile questions: the choice items
    without a scale (years of service, age band …), which are counted for the whole wave only."""
    return _profile_items(wave.administration.version_id)


# Profile questions: choice items without a scale (years of service, age band …).
PROFILE = {"kind": ItemKind.CHOICE, "scale__isnull": True}


@lru_cache(maxsize=256)
def _profile_items(version_id: int) -> list[tuple[str, int, int]]:
    items = Item.objects.filter(version_id=version_id, **PROFILE)
    return [(i.code, i.position, len(i.options)) for i in items.order_by("position")]


def _fold_profile(wave: Wave, pending: list[Response], n_items: int) -> None:
    """Count the answers of each profile answer group into the wave's cut aggregates, then
    erase the profile answers from the rows (the caller writes them back), so that no stored
    row keeps a unit and a profile answer together, and the unit aggregates never see them."""
    profile = profile_items(wave)
    if not profile:
        return
    matrix = answer_matrix((bytes(r.answers) for r in pending), n_items).copy()
    positions = [position for _code, position, _n in profile]
    given = matrix[:, positions].copy()
    matrix[:, positions] = 0
    everyone = np.zeros(len(pending), dtype=np.int64)
    for column, (code, _position, n_options) in enumerate(profile):
        given[given[:, column] > n_options, column] = 0  # not one of the options: unanswered
        for value in range(n_options + 1):
            chosen = given[:, column] == value
            if not chosen.any():
                continue
            (n, counts) = counts_by_unit(everyone[chosen], matrix[chosen], n_items)[0]
            cut, _created = CutAggregate.objects.select_for_update().get_or_create(
                wave=wave, item_code=code, value=value, defaults={"counts": b""}
            )
            cut.n += n
            cut.counts = encode(decode(cut.counts, n_items) + counts)
            cut.save(update_fields=["n", "counts"])
    _count_profile_by_unit(wave, pending, profile, given)
    for row, answers in zip(pending, matrix, strict=True):
        row.answers = answers[: len(bytes(row.answers))].tobytes()


def _count_profile_by_unit(
    wave: Wave, pending: list[Response], profile: list[tuple[str, int, int]], given: np.ndarray
) -> None:
    """Per unit, how many gave each answer (counts only: the report's differencing check).

    One upsert per batch that adds to the stored counts (``ON CONFLICT … n = n + excluded.n``,
    the same on PostgreSQL and SQLite), so concurrent folds never lose a count.
    """
    from django.db import connection

    units = np.array([r.unit_id or 0 for r in pending], dtype=np.int64)
    rows: list[tuple[int, int, str, int, int]] = []
    for column, (code, _position, _n) in enumerate(profile):
        pairs, tally = np.unique(
            np.stack([units, given[:, column].astype(np.int64)], axis=1), axis=0, return_counts=True
        )
        rows += [
            (wave.pk, unit_id, code, value, n)
            for (unit_id, value), n in zip(pairs.tolist(), tally.tolist(), strict=True)
            if unit_id
        ]
    per_row = len(PROFILE_COUNT_COLUMNS)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SQL_CHUNK // per_row):
            chunk = rows[start : start + SQL_CHUNK // per_row]
            cursor.execute(
                UPSERT_PROFILE_COUNTS.format(values=", ".join([ROW_PLACEHOLDERS] * len(chunk))),
                [field for row in chunk for field in row],
            )


# The columns of a profile count row in the order the rows above are built (all but the key,
# which the database assigns); ``tests/test_sql_columns.py`` fails when the model gains one.
PROFILE_COUNT_COLUMNS = ("wave_id", "unit_id", "item_code", "value", "n")
ROW_PLACEHOLDERS = "(" + ", ".join(["%s"] * len(PROFILE_COUNT_COLUMNS)) + ")"
_COUNTS = ProfileCount._meta.db_table
UPSERT_PROFILE_COUNTS = (
    f"INSERT INTO {_COUNTS} ({', '.join(PROFILE_COUNT_COLUMNS)}) VALUES {{values}} "
    f"ON CONFLICT (wave_id, unit_id, item_code, value) DO UPDATE SET n = {_COUNTS}.n + excluded.n"
)


def rewrite_sql(columns: Sequence[str]) -> str:
    """The fold's rewrite, copying ``columns`` (all of the model's, below: a column added
    later is carried along, not lost) but for the answers (the fold erased the profile
    answers) and the fold mark."""
    table = Response._meta.db_table
    replaced = {"answers": "new_answers", "folded": "true"}
    return f"""
WITH new AS (SELECT * FROM unnest(%s::uuid[], %s::bytea[]) AS n(id, answers)),
gone AS (
    DELETE FROM {table} r USING new WHERE r.id = new.id
    RETURNING r.*, new.answers AS new_answers
)
INSERT INTO {table} ({", ".join(columns)})
SELECT {", ".join(replaced.get(column, column) for column in columns)}
FROM gone ORDER BY random()
"""


REWRITE_SQL = rewrite_sql([field.column for field in Response._meta.concrete_fields])


def _rewrite_shuffled(rows: list[Response]) -> None:
    """Delete the rows and insert them again, marked folded, in random order (with the answers
    the fold leaves them, i.e. without profile answers)."""
    from django.db import connection

    if connection.vendor == "postgresql":  # one statement in the database, no row round trip
        with connection.cursor() as cursor:
            cursor.execute(
                REWRITE_SQL, [[row.pk for row in rows], [bytes(row.answers) for row in rows]]
            )
        return
    ids = [row.pk for row in rows]
    for start in range(0, len(ids), SQL_CHUNK):
        Response.objects.filter(pk__in=ids[start : start + SQL_CHUNK])._raw_delete(
            Response.objects.db
        )
    random.SystemRandom().shuffle(rows)
    for row in rows:
        row.folded = True
    Response.objects.bulk_create(rows, batch_size=SQL_CHUNK)


def fold_all(
    wave: Wave, progress: Callable[[int], None] | None = None, *, embed_comments: bool = True
) -> int:
    """Fold until nothing is left; ``progress(folded so far)`` after every batch."""
    total = 0
    while (done := fold(wave, embed_comments=embed_comments)) > 0:
        total += done
        if progress is not None:
            progress(total)
    return total


def recompute(wave: Wave) -> dict[int, tuple[int, np.ndarray]]:
    """Counts per unit straight from every stored response (the check on the fold)."""
    rows = (
        Response.objects.filter(administration_id=wave.administration_id)
        .values_list("unit_id", "answers")
        .iterator(chunk_size=10_000)
    )
    return count_matrices(rows, item_count(wave))


def stored(wave: Wave) -> dict[int, tuple[int, np.ndarray]]:
    """unit id -> (respondents, items x 8 counts) as folded; decoded in one NumPy pass."""
    n_items = item_count(wave)
    rows = list(wave.aggregates.values_list("unit_id", "n", "counts"))
    width = n_items * (MAX_VALUE + 1) * 4
    blob = b"".join(bytes(raw) if raw else bytes(width) for _u, _n, raw in rows)
    matrices = np.frombuffer(blob, dtype="<u4").reshape(len(rows), n_items, MAX_VALUE + 1)
    matrices = matrices.astype(np.uint32)  # one writable copy
    return {unit_id: (n, matrices[i]) for i, (unit_id, n, _raw) in enumerate(rows)}


@periodic("culture.fold", every=timedelta(seconds=30))
def fold_waves() -> int:
    """Fold the new answers of every wave that has some; return how many were folded."""
    waves = Wave.objects.filter(
        administration__responses__folded=False, closed_at__isnull=True
    ).distinct()
    return sum(fold_all(wave) for wave in waves.select_related("administration"))


def shuffle_rows(wave: Wave) -> None:
    """Rewrite a wave's answers in random order, so that the order rows lie in (a table dump,
    SQLite's rowid, PostgreSQL's heap) no longer follows the order people answered in."""
    from django.db import connection

    table = Response._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE revmen_shuffle AS SELECT * FROM {table} "
            "WHERE administration_id = %s ORDER BY RANDOM()",
            [wave.administration_id],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE administration_id = %s",
            [wave.administration_id],
        )
        cursor.execute(f"INSERT INTO {table} SELECT * FROM revmen_shuffle")
        cursor.execute("DROP TABLE revmen_shuffle")
