"""One Database object per process: its engines, its sessions and its fast path.

The ways in are few: `session()` (a write transaction), `read()` (a read-only one), `fast`
(the hot queries, on the driver's own connection: store/fast/) and `ping()`. The fast
path is chosen here, once: sqlite3 on the event-loop thread for an SQLite file, prepared
statements on asyncpg for PostgreSQL. In-memory SQLite is refused: every connection of a
pool would see its own empty database.

On SQLite the file runs in WAL mode and write transactions begin with BEGIN IMMEDIATE, so
a transaction that reads and then writes waits for the lock instead of failing with
"database is locked"; reads use a second pool and begin deferred, so they run beside a
writer. On PostgreSQL both are one asyncpg pool. No pre-ping on checkout (it cost a round
trip per request): a dropped connection surfaces as 503 DATABASE_UNAVAILABLE and the pool
replaces it.

Every way in turns a failure to reach the database into `DatabaseUnavailable`
(store/unavailable.py decides which failures those are), and every wait is bounded so a
database that is down fails fast instead of holding a live call: connecting
(`connect_timeout`), waiting for a pooled connection or for SQLite's in-process write queue
(`pool_timeout`), and SQLite's lock (`busy_timeout`).

Pool sizing (docs/deployment.md): a process keeps `pool_size` connections open and opens at
most `max_overflow` more in a burst, closing them when they fall idle; so one process holds
at most pool_size + max_overflow connections of PostgreSQL's max_connections. A full pool
is an overload, not a bug: past `pool_timeout` the caller gets 503 DATABASE_UNAVAILABLE, as
does one that PostgreSQL refuses for lack of connection slots (53300).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from flowhooks.store import unavailable
from flowhooks.store.fast.asyncpg import AsyncpgFast
from flowhooks.store.fast.interface import FastPath
from flowhooks.store.fast.sqlite import SqliteFast

Dialect = Literal["sqlite", "postgresql"]

IN_MEMORY = (
    "database_url (FLOWHOOKS_DATABASE_URL): an in-memory SQLite database is not supported; "
    "give a file, such as sqlite+aiosqlite:///./flowhooks.db"
)


def _sqlite_engine(url: str, begin: str, pool: dict[str, Any], busy_timeout: float) -> AsyncEngine:
    engine = create_async_engine(url, **pool)
    busy_ms = int(busy_timeout * 1000)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def _sqlite_file(parsed: URL) -> str:
    """The SQLite database's file, its folder created; ValueError for an in-memory one."""
    path = parsed.database
    if not path or path == ":memory:" or parsed.query.get("mode") == "memory":
        raise ValueError(IN_MEMORY)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return path


class Database:
    """Engines, sessions and the fast path for one database URL.

    `connect_timeout` bounds opening a PostgreSQL connection, `pool_timeout` waiting for a
    pooled connection (and, on SQLite, for this process's write queue), `busy_timeout`
    waiting for SQLite's lock held by another process; past any of them the call fails
    with DatabaseUnavailable.
    """

    fast: FastPath

    def __init__(
        self,
        url: str,
        pool_size: int = 10,
        *,
        max_overflow: int = 0,
        connect_timeout: float = 3.0,
        pool_timeout: float = 5.0,
        busy_timeout: float = 5.0,
    ) -> None:
        parsed = make_url(url)
        self.url = url
        self._pool_timeout = pool_timeout
        pool: dict[str, Any] = {
            "pool_size": pool_size,
            "max_overflow": max_overflow,
            "pool_timeout": pool_timeout,
        }
        # SQLite admits one writer at a time: this process's writers queue here.
        self._write_lock: asyncio.Lock | None = None
        if parsed.get_backend_name() == "sqlite":
            self.dialect: Dialect = "sqlite"
            path = _sqlite_file(parsed)
            self._engine = _sqlite_engine(url, "BEGIN IMMEDIATE", pool, busy_timeout)
            self._read_engine = _sqlite_engine(url, "BEGIN", pool, busy_timeout)
            self._write_lock = asyncio.Lock()
            self.fast = SqliteFast(
                path, self._write_lock, queue_timeout=pool_timeout, busy_timeout=busy_timeout
            )
        elif parsed.get_backend_name() == "postgresql":
            self.dialect = "postgresql"
            # The hot queries have their own pool (store/fast/asyncpg.py), so the ORM's
            # checkouts can afford a ping: after a server restart its first use of a stale
            # connection reconnects instead of failing the request.
            self._engine = create_async_engine(
                url,
                pool_recycle=1800,
                pool_pre_ping=True,
                connect_args={"timeout": connect_timeout},
                **pool,
            )
            self._read_engine = self._engine
            self.fast = AsyncpgFast(
                parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                size=pool_size + max_overflow,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        else:
            raise ValueError(
                f"database_url: unsupported database URL {parsed.render_as_string()!r}; "
                "expected sqlite+aiosqlite:///path or postgresql+asyncpg://..."
            )
        self._write = async_sessionmaker(self._engine, expire_on_commit=False)
        self._read = async_sessionmaker(self._read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on an error.

        On SQLite the writers of one process queue on an asyncio lock: SQLite admits one
        writer at a time anyway, and without the queue sixteen connections would all spin in
        SQLite's busy handler (which sleeps up to 100 ms a try), so p99 rose past a second.
        """
        if self._write_lock is None:
            async with unavailable.translated(), self._write() as session, session.begin():
                yield session
            return
        async with (
            unavailable.translated(),
            unavailable.bounded(self._write_lock, self._pool_timeout),
            self._write() as session,
            session.begin(),
        ):
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction that does not take SQLite's write lock."""
        async with unavailable.translated(), self._read() as session, session.begin():
            yield session

    async def ping(self) -> None:
        async with self.read() as session:
            await session.execute(sa.text("SELECT 1"))

    async def dispose(self) -> None:
        await self.fast.close()
        await self._engine.dispose()
        if self._read_engine is not self._engine:
            await self._read_engine.dispose()
