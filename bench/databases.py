"""A fresh database for each run: a SQLite file or a PostgreSQL database.

Every run starts from an empty database so runs are comparable; the PostgreSQL database
is dropped and created again through asyncpg on the server's ``postgres`` database. The
bare storage app (the storage limit) gets databases of its own beside flowhooks' (a second
file, ``<name>_bare`` on PostgreSQL) in the plain forms its drivers take.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # untyped: pyproject tells mypy to ignore its missing hints

DATABASES = ("sqlite", "postgresql")
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowhooks_bench"


BARE_SUFFIX = "_bare"


def fresh_file(path: Path) -> Path:
    """``path`` with no database at it: an earlier run's file and its WAL are removed."""
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return path


def sqlite_url(workdir: Path) -> str:
    """A new SQLite file in ``workdir`` (removed first if an earlier run left one)."""
    return f"sqlite+aiosqlite:///{fresh_file(workdir / 'bench.db')}"


async def _recreate(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    try:
        quoted = '"' + name.replace('"', '""') + '"'
        await connection.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {quoted}")
    finally:
        await connection.close()


def _bench_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name or name == "postgres":
        raise SystemExit(f"--pg-url must name a bench database of its own, not {name!r}")
    return name


def _plain_dsn(url: str, name: str) -> str:
    """``url``'s server as a postgresql:// DSN (no SQLAlchemy driver suffix) on ``name``."""
    return urlunsplit(("postgresql", urlsplit(url).netloc, "/" + name, "", ""))


def postgresql_url(url: str) -> str:
    """Drop and create the database named in ``url`` (a SQLAlchemy asyncpg URL)."""
    asyncio.run(_recreate(_plain_dsn(url, "postgres"), _bench_name(url)))
    return url


def database_url(kind: str, workdir: Path, pg_url: str) -> str:
    """A fresh database of ``kind`` ("sqlite" or "postgresql") and its URL."""
    if kind == "sqlite":
        return sqlite_url(workdir)
    if kind == "postgresql":
        return postgresql_url(pg_url)
    raise ValueError(f"unknown database {kind!r}; expected one of {', '.join(DATABASES)}")


def bare_storage_url(kind: str, workdir: Path, pg_url: str) -> str:
    """A fresh database of ``kind`` for the bare storage app: a file path or a plain DSN."""
    if kind == "sqlite":
        return str(fresh_file(workdir / "bare-storage.db"))
    if kind == "postgresql":
        name = _bench_name(pg_url) + BARE_SUFFIX
        asyncio.run(_recreate(_plain_dsn(pg_url, "postgres"), name))
        return _plain_dsn(pg_url, name)
    raise ValueError(f"unknown database {kind!r}; expected one of {', '.join(DATABASES)}")
