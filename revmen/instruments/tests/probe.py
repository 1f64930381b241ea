"""The anonymity probe: what an operator holding SECRET_KEY and every byte of the database,
the logs and the outbox can try, written as reusable reads (docs/privacy.md, issue 15 finding 1).

Nothing here is a mock: it reads the real tables (with PostgreSQL's system columns), the raw
relation files through ``pg_read_binary_file`` and every row version through ``pageinspect``
when the test's role may, and the log records as the configured handlers would write them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, connection, transaction

# Tables that hold anonymous rows beside named ones (a foreign key to people that anonymous rows
# leave empty): the probe checks those rows name nobody, instead of counting them as a person's.
ANONYMOUS_SIDE = (
    "instruments_response",
    "instruments_draft",
    "instruments_token",
    "instruments_usedtoken",
)
AGGREGATE_TABLES = ("culture_aggregate", "culture_cutaggregate", "culture_profilecount")


def derived_candidates(administration_id: int, person_id: int, subject_id: int | None) -> set[str]:
    """Every value a token derived from (administration, person) with SECRET_KEY has been
    (the formula revmen used before issue 15), and its stored forms: text and hex hash."""
    message = f"revmen-token:{administration_id}:{person_id}:{subject_id or 0}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    token = base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")
    return {token, hashlib.sha256(token.encode()).hexdigest(), digest.hex()}


def user_tables() -> list[str]:
    with connection.cursor() as cursor:
        return [t for t in connection.introspection.table_names(cursor) if t != "sqlite_sequence"]


def person_side_tables() -> set[str]:
    """Tables whose rows name a person: the people table, every table with a foreign key to
    it, and the sessions (their data holds the user id)."""
    people = settings.AUTH_USER_MODEL
    from django.apps import apps

    model = apps.get_model(people)
    tables = {model._meta.db_table, "django_session"}
    for other in apps.get_models(include_auto_created=True):
        for f in other._meta.concrete_fields:
            if f.is_relation and f.related_model is model:
                tables.add(other._meta.db_table)
    return (tables - set(ANONYMOUS_SIDE)) & set(user_tables())


def dump_tables() -> str:
    """Every row of every table as text (what a dump shows)."""
    lines = []
    with connection.cursor() as cursor:
        for table in user_tables():
            cursor.execute(f'SELECT * FROM "{table}"')
            lines.extend(f"{table}: {_text(row)}" for row in cursor.fetchall())
    return "\n".join(lines)


def _text(row: Iterable[object]) -> str:
    return repr([bytes(v).hex() if isinstance(v, memoryview | bytes) else v for v in row])


def timestamps() -> list[tuple[str, str, datetime]]:
    """(table, column, value) of every date-time (with a time of day) stored in a live row."""
    found = []
    with connection.cursor() as cursor:
        for table in user_tables():
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                cursor.execute(f'SELECT "{column.name}" FROM "{table}"')
                for (value,) in cursor.fetchall():
                    moment = _moment(value)
                    if moment is not None:
                        found.append((table, column.name, moment))
    return found


def _moment(value: object) -> datetime | None:
    if isinstance(value, str) and 19 <= len(value) <= 32 and value[4:5] == "-":
        try:  # SQLite keeps date-times as text
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# PostgreSQL only ------------------------------------------------------------------------------


def live_xmins(table: str) -> list[tuple[int, str]]:
    """(xmin, ctid) of the live rows, in the order they lie in the table."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT xmin::text::bigint, ctid::text FROM "{table}" ORDER BY ctid')
        return [(int(x), c) for x, c in cursor.fetchall()]


def live_order(table: str, column: str) -> list[object]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" ORDER BY ctid')
        return [row[0] for row in cursor.fetchall()]


def _savepoint_try(sql: str, params: list[object] | None = None) -> list[tuple[object, ...]] | None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return list(cursor.fetchall()) if cursor.description else []
    except DatabaseError:
        return None


def relations() -> list[tuple[str, str, int]]:
    """(name, kind, oid) of every table, index and TOAST table of the public schema."""
    rows = _savepoint_try(
        "SELECT c.relname, c.relkind, c.oid::bigint FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE (n.nspname = 'public' OR c.relname LIKE 'pg_toast_%%') "
        "AND c.relkind IN ('r', 'i', 't') AND c.relfilenode <> 0"
    )
    return [(str(a), str(b), int(c)) for a, b, c in rows or []]  # type: ignore[call-overload]


def raw_pages() -> bytes | None:
    """The bytes of every relation file, flushed first (None if this role may not read them)."""
    if _savepoint_try("CHECKPOINT") is None:
        return None
    chunks = []
    for _name, _kind, oid in relations():
        row = _savepoint_try("SELECT pg_read_binary_file(pg_relation_filepath(%s::oid))", [oid])
        if row is None:
            return None
        chunks.append(bytes(row[0][0]))  # type: ignore[arg-type]
    return b"".join(chunks)


@dataclass
class Versions:
    """Every row version still in a table's pages (live and dead): (xmin, xmax)."""

    by_table: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def xids(self, tables: Iterable[str]) -> set[int]:
        return {
            xid for table in tables for pair in self.by_table.get(table, []) for xid in pair if xid
        }


HEAP_XMAX_LOCK_ONLY = 0x0080


def referenced_by_answers() -> set[str]:
    """Tables the anonymous rows point at (administration, unit, …) but the people table: an
    answer's foreign-key check locks their rows (``xmax`` = the answer, lock only), which says
    no more than the answer's own columns do."""
    from django.apps import apps

    people = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    found = set()
    for model in apps.get_models():
        if model._meta.db_table in ANONYMOUS_SIDE:
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model is not None:
                    found.add(f.related_model._meta.db_table)
    return found - {people}


def row_versions() -> Versions | None:
    """All row versions of every table through pageinspect (None if it cannot be used); a
    lock-only ``xmax`` on a row the answers point at is left out (``referenced_by_answers``)."""
    if _savepoint_try("CREATE EXTENSION IF NOT EXISTS pageinspect") is None:
        return None
    versions = Versions()
    for name, kind, _oid in relations():
        if kind != "r":
            continue
        rows = _savepoint_try(
            "SELECT i.t_xmin::text::bigint, i.t_xmax::text::bigint, i.t_infomask "
            "FROM generate_series(0, pg_relation_size(%s) / current_setting('block_size')::int - 1)"
            " AS b, LATERAL heap_page_items(get_raw_page(%s, b::int)) i "
            "WHERE i.t_xmin IS NOT NULL",
            [name, name],
        )
        if rows is None:
            return None
        lock_ok = name in referenced_by_answers()
        versions.by_table[name] = [
            (int(a), 0 if lock_ok and int(m) & HEAP_XMAX_LOCK_ONLY else int(b))  # type: ignore[call-overload]
            for a, b, m in rows
        ]
    return versions


# Logs -------------------------------------------------------------------------------------------


class _Capture(logging.Handler):
    """Formats each record as the configured handlers would (their filters applied)."""

    def __init__(self, filters: list[logging.Filter]) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        for f in filters:
            self.addFilter(f)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def captured_logs(*names: str) -> Iterator[list[str]]:
    """Every line the named loggers (and the root) write during the block, after the filters
    of the handlers settings.LOGGING gives them."""
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in names)]
    captures = []
    for logger in loggers:
        filters: list[logging.Filter] = []
        for handler in _handlers_of(logger):
            filters += [f for f in handler.filters if isinstance(f, logging.Filter)]
        capture = _Capture(filters)
        logger.addHandler(capture)
        captures.append((logger, capture))
    lines: list[str] = []
    try:
        yield lines
    finally:
        for logger, capture in captures:
            logger.removeHandler(capture)
            lines.extend(capture.lines)


def _handlers_of(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record of ``logger`` reaches, as ``Logger.callHandlers`` walks them."""
    found: list[logging.Handler] = []
    current: logging.Logger | None = logger
    while current is not None:
        found += [h for h in current.handlers if not isinstance(h, _Capture)]
        if not current.propagate:
            break
        current = current.parent  # type: ignore[assignment]
    return found


def access_log_line(method: str, path: str, status: int) -> None:
    """What runserver writes for a request (``django.server``), so its filters see paths."""
    logging.getLogger("django.server").info(
        '"%s %s HTTP/1.1" %s %s', method, path, status, 17, extra={"status_code": status}
    )
