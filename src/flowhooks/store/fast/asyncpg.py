"""The fast path on PostgreSQL: prepared statements straight on asyncpg.

SQLAlchemy's execution layers (greenlet hand-off, cursor adapter, result rows) cost more
CPU than the hot queries themselves (~3 ms an updateUserPreferences against well under
one for its statements). The connection still comes from, and returns to, the engine's
pool, with the codecs SQLAlchemy set on it (JSON reads back as Python values).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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


class AsyncpgFast:
    """Hot reads and hot write transactions on the engine's pooled asyncpg connections."""

    # PostgreSQL's inserts do not hold the event loop: a batch is as large as its writer's.
    batch_rows: int | None = None

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        compiled = statement.postgres
        async with unavailable.translated(), self.engine.connect() as connection:
            driver = await _driver(connection)
            try:
                rows: list[Row] = await driver.fetch(compiled.sql, *compiled.args(params))
            except Exception as exc:
                await _give_up_lost_connection(connection, driver, exc)
                raise
        return [compiled.row(row) for row in rows] if compiled.results else rows

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[FastTransaction]:
        """Committed when the block ends, rolled back if it raises. A driver error inside
        becomes DatabaseUnavailable when the connection is lost, else Conflict (a
        constraint) or Refused."""
        async with unavailable.translated(), self.engine.connect() as connection:
            driver = await _driver(connection)
            try:
                async with driver.transaction():
                    yield AsyncpgTransaction(driver)
            except Exception as exc:
                await _give_up_lost_connection(connection, driver, exc)
                if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
                    raise Conflict(type(exc).__name__) from exc
                if isinstance(exc, asyncpg.PostgresError):
                    raise Refused(type(exc).__name__) from exc
                raise

    async def close(self) -> None:
        """Nothing of its own: its connections belong to the engine's pool."""


async def _driver(connection: AsyncConnection) -> asyncpg.Connection:
    driver = (await connection.get_raw_connection()).driver_connection
    assert isinstance(driver, asyncpg.Connection)
    return driver


async def _give_up_lost_connection(
    connection: AsyncConnection, driver: asyncpg.Connection, exc: Exception
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
