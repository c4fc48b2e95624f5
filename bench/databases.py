"""A fresh database for each flowhooks run: a SQLite file or a PostgreSQL database.

Every run starts from an empty database so runs are comparable; the PostgreSQL database
is dropped and created again through asyncpg on the server's ``postgres`` database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # untyped: pyproject tells mypy to ignore its missing hints

DATABASES = ("sqlite", "postgresql")
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowhooks_bench"


def sqlite_url(workdir: Path) -> str:
    """A new SQLite file in ``workdir`` (removed first if an earlier run left one)."""
    path = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return f"sqlite+aiosqlite:///{path}"


async def _recreate(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    try:
        quoted = '"' + name.replace('"', '""') + '"'
        await connection.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {quoted}")
    finally:
        await connection.close()


def postgresql_url(url: str) -> str:
    """Drop and create the database named in ``url`` (a SQLAlchemy asyncpg URL)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name == "postgres":
        raise SystemExit(f"--pg-url must name a bench database of its own, not {name!r}")
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    asyncio.run(_recreate(admin, name))
    return url


def database_url(kind: str, workdir: Path, pg_url: str) -> str:
    """A fresh database of ``kind`` ("sqlite" or "postgresql") and its URL."""
    if kind == "sqlite":
        return sqlite_url(workdir)
    if kind == "postgresql":
        return postgresql_url(pg_url)
    raise ValueError(f"unknown database {kind!r}; expected one of {', '.join(DATABASES)}")
