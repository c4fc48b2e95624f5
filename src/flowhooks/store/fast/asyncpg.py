"""The fast path on PostgreSQL: prepared statements straight on asyncpg, on its own pool.

SQLAlchemy's execution layers (greenlet hand-off, cursor adapter, result rows) cost more
CPU than the hot queries themselves (~3 ms an updateUserPreferences against well under
one for its statements). So did checking a connection out of the engine's pool and back:
40-80 µs of CPU a query, about as much as the query (docs/benchmarks.md). The hot queries
therefore run on an asyncpg pool of their own, opened on first use, with the JSON codecs
SQLAlchemy sets on its connections (JSON reads back as Python values, as the ORM reads it).
A process then holds up to two pools of `db_pool_size` connections (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa

from flowhooks.errors import DatabaseUnavailable
from flowhooks.store import unavailable
from flowhooks.store.fast.interface import Conflict, FastTransaction, Refused, Row
from flowhooks.store.fast.statements import POSTGRES, Statement, table_insert

_SERIALIZE = "SELECT pg_advisory_xact_lock(hashtext($1))"


class AsyncpgTransaction:
    """The statements of one transaction on a pooled asyncpg connection."""

    __slots__ = ("connection",)

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def scalar(self, statement: Statement, params: Mapping[str, Any]) -> Any:
        compiled = statement.postgres
        value = await self.connection.fetchval(compiled.sql, *compiled.args(params))
        return compiled.row((value,))[0] if compiled.results and value is not None else value

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        compiled = statement.postgres
        rows = await self.connection.fetch(compiled.sql, *compiled.args(params))
        return [compiled.row(row) for row in rows] if compiled.results else rows

    async def execute_many(self, statement: Statement, params: Sequence[Mapping[str, Any]]) -> None:
        if params:
            compiled = statement.postgres
            await self.connection.executemany(compiled.sql, [compiled.args(p) for p in params])

    async def insert(self, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
        for compiled, values in table_insert(table).grouped(POSTGRES, rows):
            await self.connection.executemany(compiled.sql, values)

    async def insert_one(self, table: sa.Table, row: Mapping[str, Any]) -> int:
        insert = table_insert(table)
        row = insert.complete(row)
        compiled = insert.statement(POSTGRES, frozenset(row), returning=True)
        key = await self.connection.fetchval(compiled.sql, *compiled.args(row))
        assert isinstance(key, int)
        return key

    async def serialize(self, key: str) -> None:
        """A transaction-level advisory lock on the key's hash, released at commit."""
        await self.connection.execute(_SERIALIZE, key)


async def _json_codecs(connection: asyncpg.Connection) -> None:
    """The codecs SQLAlchemy's asyncpg dialect sets on a new connection, for JSON and JSONB
    (binary format; a JSONB value starts with its format version byte)."""
    await connection.set_type_codec(
        "json",
        encoder=str.encode,
        decoder=orjson.loads,
        schema="pg_catalog",
        format="binary",
    )
    await connection.set_type_codec(
        "jsonb",
        encoder=lambda text: b"\x01" + text.encode(),
        decoder=lambda data: orjson.loads(data[1:]),
        schema="pg_catalog",
        format="binary",
    )


def _lost(connection: asyncpg.Connection, error: BaseException) -> bool:
    """Whether ``error`` means the connection is gone: a failure (or the error it happened
    while handling) about reaching the server, or a closed connection. A connection lost
    mid-query may already be back in the pool, detached from this proxy."""
    if isinstance(error, DatabaseUnavailable):
        return True
    if any(unavailable.classify(e) is not None for e in (error, error.__context__) if e):
        return True
    try:
        return bool(connection.is_closed())
    except asyncpg.InterfaceError:  # released back to the pool when it closed
        return True


def _terminate(connection: asyncpg.Connection) -> None:
    with contextlib.suppress(asyncpg.InterfaceError):  # already back in the pool
        connection.terminate()


async def _release(pool: asyncpg.Pool, connection: asyncpg.Connection) -> None:
    try:
        await pool.release(connection)
    except Exception as exc:  # its reset failed: the connection is unusable
        _terminate(connection)
        raise DatabaseUnavailable(unavailable.UNREACHABLE) from exc


class AsyncpgFast:
    """Hot reads and hot write transactions on a pool of asyncpg connections.

    The pool opens on first use (a running loop is needed) and holds up to `size`
    connections, each opened within `connect_timeout`; waiting longer than `pool_timeout`
    for one, or failing to reach the server, is DatabaseUnavailable like the ORM's.
    """

    # PostgreSQL's inserts do not hold the event loop: a batch is as large as its writer's.
    batch_rows: int | None = None

    def __init__(self, dsn: str, *, size: int, connect_timeout: float, pool_timeout: float) -> None:
        self.dsn = dsn
        self.size = size
        self.connect_timeout = connect_timeout
        self.pool_timeout = pool_timeout
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _open(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self.dsn,
                    min_size=0,
                    max_size=self.size,
                    timeout=self.connect_timeout,
                    init=_json_codecs,
                    max_inactive_connection_lifetime=1800,
                )
            return self._pool

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection. One that failed because the server went away is terminated
        (the pool opens a new one later) and the failure is DatabaseUnavailable: resetting
        it for reuse would fail too, with asyncpg's "cannot switch to state" error."""
        pool = self._pool or await self._open()
        try:
            connection = await pool.acquire(timeout=self.pool_timeout)
        except TimeoutError:
            raise DatabaseUnavailable(unavailable.POOL_BUSY) from None
        try:
            yield connection
        except BaseException as exc:
            lost = _lost(connection, exc)
            if lost:
                _terminate(connection)
            await _release(pool, connection)
            if lost and not isinstance(exc, DatabaseUnavailable):
                raise DatabaseUnavailable(unavailable.UNREACHABLE) from exc
            raise
        await _release(pool, connection)

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        compiled = statement.postgres
        async with unavailable.translated(), self._connection() as connection:
            rows: list[Row] = await connection.fetch(compiled.sql, *compiled.args(params))
        return [compiled.row(row) for row in rows] if compiled.results else rows

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[FastTransaction]:
        """Committed when the block ends, rolled back if it raises. A driver error inside
        becomes DatabaseUnavailable when the connection is lost, else Conflict (a
        constraint) or Refused."""
        async with unavailable.translated(), self._connection() as connection:
            try:
                async with connection.transaction():
                    yield AsyncpgTransaction(connection)
            except Exception as exc:
                if _lost(connection, exc):
                    raise  # _connection terminates it and answers DatabaseUnavailable
                if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
                    raise Conflict(type(exc).__name__) from exc
                if isinstance(exc, asyncpg.PostgresError):
                    raise Refused(type(exc).__name__) from exc
                raise

    async def close(self) -> None:
        """Close the pool: wait for its connections' work briefly, then cut them."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), timeout=5)
            except TimeoutError:
                pool.terminate()
