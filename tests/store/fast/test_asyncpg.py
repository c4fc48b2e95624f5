"""The PostgreSQL fast path's own pool: a connection lost mid-query is a 503, not a crash."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
import sqlalchemy as sa

from flowhooks.errors import DatabaseUnavailable
from flowhooks.store.database import Database
from flowhooks.store.fast.asyncpg import AsyncpgFast
from flowhooks.store.fast.statements import Statement

SLEEP = Statement.of(sa.select(sa.func.pg_sleep(sa.literal_column("5"))))
BACKEND = Statement.of(sa.select(sa.func.pg_backend_pid()))


async def _kill_backends(url: str, application_pids: list[int]) -> None:
    admin = await asyncpg.connect(
        sa.make_url(url).set(drivername="postgresql").render_as_string(False)
    )
    try:
        for pid in application_pids:
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_a_connection_killed_mid_query_answers_database_unavailable(
    pg_url: str,
) -> None:
    """The server ends the connection while a hot query runs (a restart, a failover): the
    call fails with DatabaseUnavailable (503, retry), and the next query gets a new
    connection. asyncpg hands a connection closed mid-query back to its pool by itself;
    asking that connection anything afterwards raised InterfaceError, a 500."""
    db = Database(pg_url, pool_size=1)
    try:
        assert isinstance(db.fast, AsyncpgFast)
        [(pid,)] = await db.fast.fetch(BACKEND, {})
        query = asyncio.create_task(db.fast.fetch(SLEEP, {}))
        await asyncio.sleep(0.3)  # the sleep is running on the pool's one connection
        await _kill_backends(pg_url, [pid])
        with pytest.raises(DatabaseUnavailable):
            await query
        [(new_pid,)] = await db.fast.fetch(BACKEND, {})
        assert new_pid != pid
        async with db.fast.transaction() as tx:
            assert await tx.scalar(BACKEND, {}) == new_pid
    finally:
        await db.dispose()


async def test_json_reads_back_as_python_values(pg_url: str) -> None:
    """The pool's connections decode JSON as the ORM's do (SQLAlchemy's codecs)."""
    db = Database(pg_url, pool_size=1)
    try:
        statement = Statement.of(
            sa.select(sa.cast(sa.literal_column("""'{"a": [1, "b"]}'"""), sa.JSON).label("doc"))
        )
        [(document,)] = await db.fast.fetch(statement, {})
        assert document == {"a": [1, "b"]}
    finally:
        await db.dispose()
