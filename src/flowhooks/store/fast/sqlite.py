"""The fast path on an SQLite file: sqlite3 on the event-loop thread, no thread hand-offs.

aiosqlite hands every call to a thread and back (~100 µs of CPU a hop, 14 hops for one ORM
read) around a query that takes ~12 µs (docs/benchmarks.md). In WAL mode a reader never
waits for a writer, so a one-statement read on the loop thread is correct and faster; and
the writers of a process already queue on one lock (SQLite admits one writer at a time), so
a short write transaction on the loop thread loses no concurrency either.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import sqlalchemy as sa

from flowhooks.errors import DatabaseUnavailable
from flowhooks.store import unavailable
from flowhooks.store.fast.interface import Conflict, FastTransaction, Refused, Row
from flowhooks.store.fast.statements import SQLITE, Statement, table_insert


class SqliteReader:
    """A read-only sqlite3 connection for single indexed SELECTs (the hottest point reads)."""

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

    def query(self, sql: str, params: Sequence[Any]) -> list[Any]:
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
    """A sqlite3 connection for short, hot write transactions on the loop thread.

    Two things would block the loop, so neither happens here: waiting for another
    process's write lock (busy_timeout is 0; a busy BEGIN is retried after an asyncio sleep)
    and checkpoints (wal_autocheckpoint is 0 on this connection; after a commit it asks the
    `SqliteCheckpointer`, which copies the WAL back in a thread). Its waits are bounded like
    the sessions': the process's write queue by `queue_timeout`, another process's lock by
    `busy_timeout`; past them, and on a failure to reach the file, DatabaseUnavailable.
    """

    def __init__(
        self,
        path: str,
        lock: asyncio.Lock,
        *,
        queue_timeout: float,
        busy_timeout: float,
        checkpointer: SqliteCheckpointer | None = None,
    ) -> None:
        self.path = path
        self.lock = lock
        self.queue_timeout = queue_timeout
        self.busy_timeout = busy_timeout
        self.checkpointer = checkpointer or SqliteCheckpointer(path, lock)
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
                # Once a checkpoint has emptied it, the WAL file shrinks back to this size.
                f"journal_size_limit={JOURNAL_SIZE_LIMIT}",
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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteTransaction]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        A driver error inside becomes DatabaseUnavailable when it is about reaching the
        file, else Conflict (a constraint) or Refused.
        """
        async with unavailable.bounded(self.lock, self.queue_timeout):
            connection = await self._begin()
            try:
                yield SqliteTransaction(connection)
            except BaseException as exc:
                connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    found = unavailable.classify(exc)
                    if found is not None:
                        raise found from exc
                    raise (Conflict if isinstance(exc, sqlite3.IntegrityError) else Refused)(
                        type(exc).__name__
                    ) from exc
                raise
            try:
                connection.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise DatabaseUnavailable("The database could not commit; retry shortly") from exc
        self.checkpointer.after_commit()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024


class SqliteCheckpointer:
    """Copies the WAL back into the database file in a thread, never on the event loop.

    The loop's writer does not checkpoint (copying megabytes of pages would hold every call
    in flight). Before this class nothing else did either unless an ORM session happened to
    commit: under a read-mostly load the invocation log's commits grew the WAL by about
    19 MB a second (240 MB after 15 s of fetchUserPreferences), and every read searched a
    longer WAL index (docs/benchmarks.md).

    After a commit, at most once per `interval` and never two at once, a checkpoint runs in
    two passes on the default executor, on a connection of its own (sqlite3 releases the GIL
    while SQLite copies, so the loop keeps running):
    1. PASSIVE, while this process keeps writing: it copies what is committed so far and
       takes no lock a reader or writer waits on.
    2. PASSIVE again holding the process's write lock: only the few frames committed during
       pass 1 are left, so it is short, and with no commit in between it completes; the
       next write then starts the WAL over instead of appending to it. (A checkpoint that
       races the writers never completes, and the WAL then never restarts.)
    """

    def __init__(self, path: str, lock: asyncio.Lock, *, interval: float = 0.5) -> None:
        self.path = path
        self.lock = lock
        self.interval = interval
        self.runs = 0
        self._last = float("-inf")
        self._running: asyncio.Task[None] | None = None
        self._connection: sqlite3.Connection | None = None

    def after_commit(self) -> None:
        """Start a checkpoint if none is running and the last began `interval` ago."""
        now = time.monotonic()
        if self._running is not None or now - self._last < self.interval:
            return
        self._last = now
        self._running = asyncio.get_running_loop().create_task(
            self._run(), name="sqlite-checkpoint"
        )

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._checkpoint)
            async with self.lock:
                await loop.run_in_executor(None, self._checkpoint)
            self.runs += 1
        except sqlite3.Error as exc:
            # A later commit tries again; a checkpoint that fails loses nothing.
            import structlog  # here: the CLI's store commands must not import its processors

            structlog.get_logger("flowhooks.store.sqlite").warning(
                "sqlite_checkpoint_failed", error=type(exc).__name__
            )
            self._close_connection()
        finally:
            self._running = None

    def _checkpoint(self) -> None:
        if self._connection is None:
            self._connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None
            )
        self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        """Wait for a checkpoint in flight, then close its connection."""
        if self._running is not None:
            await asyncio.wait([self._running])
        self._close_connection()


class SqliteTransaction:
    """The statements of one transaction on the SQLite writer (each runs synchronously)."""

    __slots__ = ("connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    async def scalar(self, statement: Statement, params: Mapping[str, Any]) -> Any:
        compiled = statement.sqlite
        row = self.connection.execute(compiled.sql, compiled.args(params)).fetchone()
        return None if row is None else compiled.row(row)[0]

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        compiled = statement.sqlite
        rows = self.connection.execute(compiled.sql, compiled.args(params)).fetchall()
        return [compiled.row(row) for row in rows] if compiled.results else rows

    async def execute_many(self, statement: Statement, params: Sequence[Mapping[str, Any]]) -> None:
        if params:
            compiled = statement.sqlite
            self.connection.executemany(compiled.sql, [compiled.args(p) for p in params])

    async def insert(self, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
        for compiled, values in table_insert(table).grouped(SQLITE, rows):
            self.connection.executemany(compiled.sql, values)

    async def insert_one(self, table: sa.Table, row: Mapping[str, Any]) -> int:
        insert = table_insert(table)
        row = insert.complete(row)
        compiled = insert.statement(SQLITE, frozenset(row), returning=False)
        rowid = self.connection.execute(compiled.sql, compiled.args(row)).lastrowid
        assert rowid is not None
        return rowid

    async def serialize(self, key: str) -> None:
        """Nothing to take: the process's writers take turns on one lock, and BEGIN
        IMMEDIATE holds SQLite's write lock against every other process."""


class SqliteFast:
    """Hot reads on the reader, hot write transactions on the writer, both on the loop."""

    # A batch insert runs on the event loop: chunks small enough to hold it about 1 ms
    # (20-40 µs a row of the invocation log).
    batch_rows: int | None = 32

    def __init__(
        self, path: str, lock: asyncio.Lock, *, queue_timeout: float, busy_timeout: float
    ) -> None:
        self.reader = SqliteReader(path)
        self.writer = SqliteWriter(
            path, lock, queue_timeout=queue_timeout, busy_timeout=busy_timeout
        )

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        compiled = statement.sqlite
        rows = self.reader.query(compiled.sql, compiled.args(params))
        return [compiled.row(row) for row in rows] if compiled.results else rows

    def transaction(self) -> AbstractAsyncContextManager[FastTransaction]:
        return self.writer.transaction()

    async def close(self) -> None:
        await self.writer.checkpointer.close()
        self.reader.close()
        self.writer.close()
