"""One Database object per process: the engines, the session factory and the dialect.

On SQLite (the embedded default) the file runs in WAL mode and write transactions begin
with BEGIN IMMEDIATE, so a transaction that reads and then writes waits for the lock
instead of failing with "database is locked"; reads use a second pool and begin deferred,
so they run beside a writer. On PostgreSQL both are one asyncpg pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from flowhooks.errors import ServiceUnavailable

Dialect = Literal["sqlite", "postgresql"]


def _sqlite_engine(url: str, begin: str, pool_size: int) -> AsyncEngine:
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


class Database:
    """Engines and sessions for one database URL."""

    def __init__(self, url: str, pool_size: int = 10) -> None:
        parsed = make_url(url)
        self.url = url
        if parsed.get_backend_name() == "sqlite":
            self.dialect: Dialect = "sqlite"
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, "BEGIN IMMEDIATE", pool_size)
            self.read_engine = _sqlite_engine(url, "BEGIN", pool_size)
        elif parsed.get_backend_name() == "postgresql":
            self.dialect = "postgresql"
            self.engine = create_async_engine(
                url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
            )
            self.read_engine = self.engine
        else:
            raise ValueError(f"unsupported database URL {parsed.render_as_string()!r}")
        self._write = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on an error."""
        async with _unavailable_on_connection_loss(), self._write() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction that does not take SQLite's write lock."""
        async with _unavailable_on_connection_loss(), self._read() as session, session.begin():
            yield session

    async def ping(self) -> None:
        async with self.read() as session:
            await session.execute(sa.text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


@asynccontextmanager
async def _unavailable_on_connection_loss() -> AsyncIterator[None]:
    """A database that is down answers 503 SERVICE_UNAVAILABLE, not a 500."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        if exc.connection_invalidated or _is_connection_error(exc):
            raise ServiceUnavailable("The database is unreachable; retry shortly") from exc
        raise
    except (ConnectionError, OSError) as exc:
        raise ServiceUnavailable("The database is unreachable; retry shortly") from exc


def _is_connection_error(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else ""
    return any(
        word in text
        for word in ("connection", "could not connect", "terminating", "server closed", "refused")
    )
