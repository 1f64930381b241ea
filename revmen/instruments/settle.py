"""Settling new anonymous answers: rewritten in random order, in batches, by a periodic job.

An answer's own transaction gives its rows (the response, the used key's hash) a transaction id
(``xmin``) and a place in the table that follow the order people answered in. Every
``instruments.settle`` run rewrites the new anonymous responses of questionnaires (culture
waves: their fold does the same, ``culture.aggregates``) and the used-key rows of those
questionnaires in one transaction, in random order: afterwards their live rows share one
transaction id and lie in no particular order (docs/privacy.md says what the old row versions
and the write-ahead log still hold until they are reused).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from revmen.core.periodic import periodic

from .models import IdentityMode, Purpose, Response, UsedToken

SETTLE_BATCH = 5_000
SQL_CHUNK = 900  # parameters per statement stay below SQLite's limit


def _columns(model: type[Response] | type[UsedToken]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


# Delete the rows and insert them again in random order (responses marked settled). The column
# lists are the models' own (``culture/tests/test_sql_columns.py`` checks them).
_R, _R_COLUMNS = Response._meta.db_table, _columns(Response)
_U, _U_COLUMNS = UsedToken._meta.db_table, _columns(UsedToken)
RESPONSES_SQL = (
    f"WITH gone AS (DELETE FROM {_R} WHERE id = ANY(%s) RETURNING *) "
    f"INSERT INTO {_R} ({', '.join(_R_COLUMNS)}) "
    f"SELECT {', '.join('true' if c == 'folded' else c for c in _R_COLUMNS)} "
    "FROM gone ORDER BY random()"
)
USED_SQL = (
    f"WITH gone AS (DELETE FROM {_U} WHERE administration_id = ANY(%s) RETURNING *) "
    f"INSERT INTO {_U} ({', '.join(_U_COLUMNS)}) SELECT {', '.join(_U_COLUMNS)} "
    "FROM gone ORDER BY random()"
)


def unsettled() -> list[Response]:
    return list(
        Response.objects.filter(
            Q(administration__identity=IdentityMode.ANONYMOUS)
            # the 360° follow-up's peers answer a confidential round by handed-out keys
            | Q(administration__purpose=Purpose.FOLLOW_UP),
            folded=False,
            respondent__isnull=True,
        )
        .exclude(administration__purpose=Purpose.CULTURE)
        .select_for_update(skip_locked=True)
        .only("id", "administration_id")[:SETTLE_BATCH]
    )


def settle_batch() -> int:
    """Rewrite one batch of new anonymous responses, and their questionnaires' used keys."""
    with transaction.atomic():
        rows = unsettled()
        if not rows:
            return 0
        administrations = sorted({row.administration_id for row in rows})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(RESPONSES_SQL, [[row.pk for row in rows]])
                cursor.execute(USED_SQL, [administrations])
        else:
            _rewrite_portable(Response.objects.filter(pk__in=[r.pk for r in rows]), folded=True)
            _rewrite_portable(UsedToken.objects.filter(administration_id__in=administrations))
    return len(rows)


def _rewrite_portable(queryset: QuerySet[Any], *, folded: bool = False) -> None:
    model = queryset.model
    kept = list(queryset)
    random.SystemRandom().shuffle(kept)
    queryset._raw_delete(queryset.db)
    for row in kept:
        if folded:
            row.folded = True
    model.objects.bulk_create(kept, batch_size=SQL_CHUNK // max(len(_columns(model)), 1))


@periodic("instruments.settle", every=timedelta(seconds=30))
def settle_anonymous() -> int:
    """Settle every new anonymous answer, a batch at a time; return how many."""
    total = 0
    while (done := settle_batch()) > 0:
        total += done
    return total
