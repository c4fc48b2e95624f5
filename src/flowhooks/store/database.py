"""One Database object per process: the engines, the session factory and the dialect.

On SQLite (the embedded default) the file runs in WAL mode and write transactions begin
with BEGIN IMMEDIATE, so a transaction that reads and then writes waits for the lock
instead of failing with "database is locked"; reads use a second pool and begin deferred,
so they run beside a writer. On PostgreSQL both are one asyncpg pool. `read_connection()`
serves one-statement hot reads without any transaction (autocommit): no BEGIN, no COMMIT,
no round trips such a read does not need. No pre-ping on checkout (it cost a round trip
per request): a dropped connection surfaces as 503 DATABASE_UNAVAILABLE and the pool
replaces it.

Every way into the database (sessions, connections, the SQLite reader) turns a failure to
reach it into `DatabaseUnavailable` (store/unavailable.py decides which failures those are),
and every wait is bounded so a database that is down fails fast instead of holding a live
call: connecting (`connect_timeout`), waiting for a pooled connection or for SQLite's
in-process write queue (`pool_timeout`), and SQLite's lock (`busy_timeout`).

Pool sizing (docs/deployment.md): a process keeps `pool_size` connections open and opens at
most `max_overflow` more in a burst, closing them when they fall idle; so one process holds
at most pool_size + max_overflow connections of PostgreSQL's max_connections. A full pool
is an overload, not a bug: past `pool_timeout` the caller gets 503 DATABASE_UNAVAILABLE, as
does one that PostgreSQL refuses for lack of connection slots (53300).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from flowhooks.errors import DatabaseUnavailable
from flowhooks.store import unavailable

Dialect = Literal["sqlite", "postgresql"]
T = TypeVar("T")


AUTOCOMMIT_READS = "flowhooks_autocommit_reads"


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
        # A connection asked for autocommit reads runs each statement on its own.
        if not connection.get_execution_options().get(AUTOCOMMIT_READS):
            connection.exec_driver_sql(begin)

    return engine


class SqliteReader:
    """A synchronous, read-only sqlite3 connection for the hottest point reads.

    aiosqlite hands every call to a thread and back (~100 µs of CPU a hop, 14 hops for one
    ORM read) around a query that takes ~12 µs. In WAL mode a reader never waits for a
    writer, so a one-statement read on the event-loop thread is both correct and faster
    than the hand-off (docs/benchmarks.md). Only for single indexed SELECTs.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=0.5
            )
            connection.execute("PRAGMA query_only=1")
            self._connection = connection
        return self._connection

    def query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            return self._connect().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self.close()
            found = unavailable.classify(exc)
            if found is not None:
                raise found from exc
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class SqliteWriter:
    """A synchronous sqlite3 connection for short, hot write transactions on the loop thread.

    The writers of a process already queue on one lock (SQLite admits one writer at a time),
    so running the transaction on the event-loop thread loses no concurrency, and a handful
    of prepared statements (~10 µs each) replaces dozens of aiosqlite thread hand-offs
    (~100 µs of CPU each). Two things would block the loop, so neither happens here:
    waiting for another process's write lock (busy_timeout is 0; a busy BEGIN is retried
    after an asyncio sleep) and checkpoints (wal_autocheckpoint is 0 on this connection; the
    aiosqlite connections, which commit in their threads, keep checkpointing the WAL).
    Only for a few small statements a transaction; anything larger uses `Database.session`.
    Its waits are bounded like the sessions': the process's write queue by `queue_timeout`,
    another process's lock by `busy_timeout`; past them, and on a failure to reach the file,
    DatabaseUnavailable.
    """

    def __init__(
        self, path: str, lock: asyncio.Lock, *, queue_timeout: float, busy_timeout: float
    ) -> None:
        self.path = path
        self.lock = lock
        self.queue_timeout = queue_timeout
        self.busy_timeout = busy_timeout
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=0
            )
            for pragma in (
                "journal_mode=WAL",
                "synchronous=NORMAL",
                "foreign_keys=ON",
                "wal_autocheckpoint=0",
            ):
                connection.execute(f"PRAGMA {pragma}")
            self._connection = connection
        return self._connection

    async def _begin(self) -> sqlite3.Connection:
        deadline: float | None = None
        delay = 0.001
        while True:
            try:
                connection = self._connect()
                connection.execute("BEGIN IMMEDIATE")
                return connection
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                now = asyncio.get_running_loop().time()
                deadline = deadline or now + self.busy_timeout
                if not busy or now >= deadline:
                    self.close()
                    raise unavailable.classify(exc) or DatabaseUnavailable() from exc
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction: committed when it returns, else rolled back."""
        async with _bounded(self.lock, self.queue_timeout):
            connection = await self._begin()
            try:
                result = work(connection)
            except BaseException as exc:
                connection.execute("ROLLBACK")
                found = unavailable.classify(exc) if isinstance(exc, sqlite3.Error) else None
                if found is not None:
                    raise found from exc
                raise
            try:
                connection.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise DatabaseUnavailable("The database could not commit; retry shortly") from exc
            return result

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class Database:
    """Engines and sessions for one database URL.

    `connect_timeout` bounds opening a PostgreSQL connection, `pool_timeout` waiting for a
    pooled connection (and, on SQLite, for this process's write queue), `busy_timeout`
    waiting for SQLite's lock held by another process; past any of them the call fails
    with DatabaseUnavailable.
    """

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
        self.pool_timeout = pool_timeout
        pool: dict[str, Any] = {
            "pool_size": pool_size,
            "max_overflow": max_overflow,
            "pool_timeout": pool_timeout,
        }
        if parsed.get_backend_name() == "sqlite":
            self.dialect: Dialect = "sqlite"
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, "BEGIN IMMEDIATE", pool, busy_timeout)
            self.read_engine = _sqlite_engine(url, "BEGIN", pool, busy_timeout)
            self._autocommit = self.read_engine
            on_disk = bool(parsed.database and parsed.database != ":memory:")
            self.sqlite_reader: SqliteReader | None = (
                SqliteReader(str(parsed.database)) if on_disk else None
            )
        elif parsed.get_backend_name() == "postgresql":
            self.dialect = "postgresql"
            self.engine = create_async_engine(
                url,
                pool_recycle=1800,
                connect_args={"timeout": connect_timeout},
                **pool,
            )
            self.read_engine = self.engine
            self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
            self.sqlite_reader = None
            on_disk = False
        else:
            raise ValueError(f"unsupported database URL {parsed.render_as_string()!r}")
        self._write_lock = asyncio.Lock() if self.dialect == "sqlite" else None
        self.sqlite_writer: SqliteWriter | None = (
            SqliteWriter(
                str(parsed.database),
                self._write_lock,
                queue_timeout=pool_timeout,
                busy_timeout=busy_timeout,
            )
            if on_disk and self._write_lock is not None
            else None
        )
        self._write = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on an error.

        On SQLite the writers of one process queue on an asyncio lock: SQLite admits one
        writer at a time anyway, and without the queue sixteen connections would all spin in
        SQLite's busy handler (which sleeps up to 100 ms a try), so p99 rose past a second.
        """
        if self._write_lock is None:
            async with _unavailable_on_connection_loss(), self._write() as session, session.begin():
                yield session
            return
        async with (
            _unavailable_on_connection_loss(),
            _bounded(self._write_lock, self.pool_timeout),
            self._write() as session,
            session.begin(),
        ):
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction that does not take SQLite's write lock."""
        async with _unavailable_on_connection_loss(), self._read() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read_connection(self) -> AsyncIterator[AsyncConnection]:
        """An autocommit connection for one-statement hot reads: no BEGIN, no COMMIT."""
        async with _unavailable_on_connection_loss(), self._autocommit.connect() as connection:
            if self.dialect == "sqlite":
                await connection.execution_options(**{AUTOCOMMIT_READS: True})
            yield connection

    async def pg_fetch(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        """One prepared statement straight on asyncpg (PostgreSQL's hottest point reads).

        SQLAlchemy's execution layers (greenlet hand-off, cursor adapter, result rows) cost
        more CPU than the query; the connection still comes from, and returns to, the pool.
        `sql` uses asyncpg's $1 placeholders (see store/sqlite_bulk.postgres_statement).
        """
        async with _unavailable_on_connection_loss(), self.engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None
            try:
                rows: list[Any] = await driver.fetch(sql, *args)
            except Exception as exc:
                await _give_up_lost_connection(connection, driver, exc)
                raise
            return rows

    async def pg_transaction(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """`work(asyncpg_connection)` inside one transaction straight on asyncpg.

        For PostgreSQL's hot writes: a few prepared statements without SQLAlchemy's ORM and
        execution layers (they cost ~3 ms of CPU an updateUserPreferences; the statements
        themselves well under one). Committed when `work` returns, rolled back if it raises.
        """
        async with _unavailable_on_connection_loss(), self.engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None
            try:
                async with driver.transaction():
                    return await work(driver)
            except Exception as exc:
                await _give_up_lost_connection(connection, driver, exc)
                raise

    async def ping(self) -> None:
        async with self.read() as session:
            await session.execute(sa.text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.sqlite_reader is not None:
            self.sqlite_reader.close()
        if self.sqlite_writer is not None:
            self.sqlite_writer.close()
        if self.dialect == "sqlite":
            await self.read_engine.dispose()


@asynccontextmanager
async def _bounded(lock: asyncio.Lock, wait_seconds: float) -> AsyncIterator[None]:
    """Hold ``lock``, waiting at most ``wait_seconds`` for it."""
    # The usual case, free and nobody queued, takes it at once without arming a timer (~3 µs
    # on a hot write). asyncio.Lock keeps its queue in `_waiters`; were that to change, the
    # fallback is the timed wait.
    if not lock.locked() and not getattr(lock, "_waiters", (None,)):
        await lock.acquire()
    else:
        try:
            async with asyncio.timeout(wait_seconds):
                await lock.acquire()
        except TimeoutError:
            raise DatabaseUnavailable(unavailable.BUSY) from None
    try:
        yield
    finally:
        lock.release()


async def _give_up_lost_connection(
    connection: AsyncConnection, driver: Any, exc: Exception
) -> None:
    """After a failure on a raw asyncpg connection: if the connection is lost (closed, or the
    failure came while handling a lost connection, such as asyncpg's "cannot switch to
    state" from the rollback of a transaction whose socket died), drop it from the pool and
    raise DatabaseUnavailable; otherwise return and let the caller re-raise."""
    lost = driver.is_closed() or any(
        unavailable.classify(error) is not None for error in (exc, exc.__context__) if error
    )
    if lost:
        await connection.invalidate()
        raise DatabaseUnavailable(unavailable.UNREACHABLE) from exc


@asynccontextmanager
async def _unavailable_on_connection_loss() -> AsyncIterator[None]:
    """A database that cannot be reached answers 503 DATABASE_UNAVAILABLE, not a 500."""
    try:
        yield
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        found = unavailable.classify(exc)
        if found is None:
            raise
        raise found from exc
