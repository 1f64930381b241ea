"""Back up an instance to a folder and restore it into an empty one (``revmen backup|restore``).

A backup folder holds the database (``database.dump`` from ``pg_dump``, or ``database.sqlite3``
from SQLite's backup API), ``media/`` (a copy of ``MEDIA_ROOT``) and ``manifest.json``: the
engine, the revmen version, the time, the applied migrations, every file's SHA-256 and, per
table, its row count and a SHA-256 over its rows in primary-key order. The table checksums are
for a round trip on one engine (PostgreSQL to PostgreSQL, SQLite to SQLite); they are not
comparable across engines.

On PostgreSQL the dump and the checksums read one snapshot (``pg_export_snapshot``), so a
backup of a running instance is consistent and its manifest describes exactly that dump.
``restore`` checks every file against the manifest before it touches anything, refuses a
target with rows in any data table or files in ``MEDIA_ROOT``, loads, and then checks the
loaded tables against the manifest. The checksums catch a damaged or edited backup, not a
forger who rewrites the manifest too. Secrets (``SECRET_KEY``) are settings, never in a backup
(docs/production.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# migrate fills these on any empty database; their rows are not data.
NOT_DATA = {"django_content_type", "auth_permission"}
CHUNK = 2000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what was (not) done."""


@dataclass(frozen=True)
class Table:
    name: str
    pk: str
    columns: tuple[str, ...]


def data_tables() -> list[Table]:
    """The tables of every installed model (many-to-many tables too), by name."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in tables:
            columns = tuple(field.column for field in meta.concrete_fields)
            tables[meta.db_table] = Table(meta.db_table, meta.pk.column, columns)
    return [tables[name] for name in sorted(tables)]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(cursor: Any, table: Table) -> Iterator[tuple[Any, ...]]:
    columns = ", ".join(_quote(column) for column in table.columns)
    cursor.execute(f"SELECT {columns} FROM {_quote(table.name)} ORDER BY {_quote(table.pk)}")
    while batch := cursor.fetchmany(CHUNK):
        yield from batch


def _stable(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def table_digest(cursor: Any, table: Table) -> dict[str, Any]:
    """Row count and SHA-256 over ``repr`` of each row in primary-key order."""
    digest, rows = hashlib.sha256(), 0
    for row in _rows(cursor, table):
        digest.update(repr(tuple(_stable(value) for value in row)).encode())
        digest.update(b"\n")
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest(), "pk": table.pk, "columns": table.columns}


def table_digests(cursor: Any, tables: Iterable[Table]) -> dict[str, dict[str, Any]]:
    return {table.name: table_digest(cursor, table) for table in tables}


def applied_migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file())


def revmen_version() -> str:
    try:
        return version("revmen")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _engine() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    return connection.vendor


# PostgreSQL ----------------------------------------------------------------------------------


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} not found: install the PostgreSQL client programs")
    db = connection.settings_dict
    command = [path, "--no-password", "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return command, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.returncode}")


def _pg_backup(dump: Path, tables: list[Table]) -> tuple[dict[str, Any], list[str]]:
    command, env = _pg_command("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run([*command, "--format=custom", "--no-owner", "--snapshot", snapshot,
              "--file", str(dump)], env, "pg_dump")  # fmt: skip
        return table_digests(cursor, tables), applied_migrations(cursor)


def _pg_load(dump: Path) -> None:
    command, env = _pg_command("pg_restore")
    connection.close()
    # --clean drops what a `migrate` of the empty target made (content types, permissions).
    _run([*command, "--no-owner", "--clean", "--if-exists", "--single-transaction",
          "--exit-on-error", str(dump)], env, "pg_restore")  # fmt: skip


# SQLite --------------------------------------------------------------------------------------


def _sqlite_backup(dump: Path, tables: list[Table]) -> tuple[dict[str, Any], list[str]]:
    connection.ensure_connection()
    copy = sqlite3.connect(dump)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        return table_digests(cursor, tables), applied_migrations(cursor)
    finally:
        copy.close()


def _sqlite_load(dump: Path) -> None:
    connection.close()
    source, target = sqlite3.connect(dump), sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _loaded_digests(tables: list[Table]) -> tuple[dict[str, Any], list[str]]:
    """Checksums of the restored database, read the way the backup read them."""
    if connection.vendor == "sqlite":
        plain = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            raw = plain.cursor()
            return table_digests(raw, tables), applied_migrations(raw)
        finally:
            plain.close()
    connection.close()
    with connection.cursor() as cursor:
        return table_digests(cursor, tables), applied_migrations(cursor)


# backup and restore --------------------------------------------------------------------------


def backup(directory: Path) -> dict[str, Any]:
    """Write the database, MEDIA_ROOT and manifest.json into ``directory`` (new or empty)."""
    engine = _engine()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty folder: choose a new one")
    directory.mkdir(parents=True, exist_ok=True)
    taken_at = timezone.now()
    dump = directory / DUMPS[engine]
    existing = set(connection.introspection.table_names())
    tables = [table for table in data_tables() if table.name in existing]
    load = _pg_backup if engine == "postgresql" else _sqlite_backup
    digests, migrations = load(dump, tables)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, directory / MEDIA)
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "revmen_version": revmen_version(),
        "created_at": taken_at.isoformat(),
        "database": dump.name,
        "migrations": migrations,
        "tables": digests,
        "files": {
            path.relative_to(directory).as_posix(): file_sha256(path) for path in _files(directory)
        },
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest, after checking that every file of the folder is listed and unchanged."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        files, engine = dict(manifest["files"]), manifest["engine"]
        if manifest["format"] != FORMAT or manifest["database"] != DUMPS[engine]:
            raise ValueError
        for entry in manifest["tables"].values():
            if not (
                isinstance(entry["rows"], int)
                and isinstance(entry["sha256"], str)
                and isinstance(entry["pk"], str)
                and all(isinstance(column, str) for column in entry["columns"])
            ):
                raise ValueError
        if not all(isinstance(name, str) for name in manifest["migrations"]):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"{directory} holds no readable revmen backup ({MANIFEST})") from None
    present = {p.relative_to(directory).as_posix() for p in _files(directory)} - {MANIFEST}
    for name in sorted(present | set(files)):
        path = directory / name
        if name not in files or name not in present or file_sha256(path) != files[name]:
            raise BackupError(
                f"{name}: does not match the manifest (changed, added or missing): "
                "the backup is damaged or was edited; nothing restored"
            )
    return manifest


def non_empty_tables() -> list[str]:
    existing = set(connection.introspection.table_names())
    names = []
    with connection.cursor() as cursor:
        for table in data_tables():
            if table.name in existing and table.name not in NOT_DATA:
                cursor.execute(f"SELECT 1 FROM {_quote(table.name)} LIMIT 1")
                if cursor.fetchone():
                    names.append(table.name)
    return names


def _refuse_a_used_target() -> None:
    used = non_empty_tables()
    if used:
        shown = ", ".join(used[:5]) + (f" and {len(used) - 5} more" if len(used) > 5 else "")
        raise BackupError(
            f"the target database is not empty ({shown} have rows): restore only into a new, "
            "empty database; nothing restored"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media}) is not empty; nothing restored")


def restore(directory: Path) -> dict[str, Any]:
    """Load a backup into this (empty) instance and check it; returns the manifest."""
    manifest = read_manifest(directory)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"this is a backup of a {manifest['engine']} database; the target is {engine}"
        )
    _refuse_a_used_target()
    dump = directory / manifest["database"]
    (_pg_load if engine == "postgresql" else _sqlite_load)(dump)
    if (directory / MEDIA).is_dir():
        shutil.copytree(directory / MEDIA, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    tables = [
        Table(name, entry["pk"], tuple(entry["columns"]))
        for name, entry in sorted(manifest["tables"].items())
    ]
    digests, migrations = _loaded_digests(tables)
    differ = [t.name for t in tables if digests[t.name] != _as_loaded(manifest["tables"][t.name])]
    if migrations != manifest["migrations"]:
        differ.append("django_migrations")
    if differ:
        raise BackupError(
            "the restored database differs from the manifest in "
            f"{', '.join(differ)}: do not use it; restore again into a new database"
        )
    return manifest


def _as_loaded(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "columns": tuple(entry["columns"])}


def unapplied_migrations() -> int:
    """Migrations of this code the restored database has not had (a backup of older code)."""
    connection.close()
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
