"""PostgreSQL helpers for tests that run revmen in another process or another database."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.db import connection


def database_url(name: str | None = None) -> str:
    """``DATABASE_URL`` of the test database (or of ``name`` on the same server)."""
    db = connection.settings_dict
    login = db["USER"] + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{login}@{host}/{name or db['NAME']}"


def maintenance() -> Any:
    """An autocommit connection to the server's ``postgres`` database: for statements about
    the test database that it cannot run on itself (ALTER, CREATE and DROP DATABASE)."""
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
