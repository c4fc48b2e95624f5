"""The connection pool: sized by the settings, and a full pool or database is a 503, not a 500."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from flowhooks.errors import ServiceUnavailable
from flowhooks.methods import REGISTRY
from flowhooks.runtime import Runtime
from flowhooks.settings import Settings
from flowhooks.store.database import Database
from tests.conftest import PG_ADMIN_URL


async def test_pool_limits_come_from_the_settings(db_url: str) -> None:
    """pool_size, max_overflow and pool_timeout reach every engine of the process."""
    settings = Settings(
        database_url=db_url, db_pool_size=3, db_max_overflow=2, db_pool_timeout_seconds=1.5
    )
    runtime = Runtime(settings, REGISTRY)
    try:
        for way_in in (runtime.db.session, runtime.db.read):
            async with way_in() as session:
                engine = session.bind
            assert isinstance(engine, AsyncEngine)
            pool = engine.pool
            assert pool.size() == 3  # type: ignore[attr-defined]
            assert pool._max_overflow == 2  # type: ignore[attr-defined]
            assert pool._timeout == 1.5  # type: ignore[attr-defined]
    finally:
        await runtime.db.dispose()


async def test_overflow_is_not_tied_to_the_pool_size(db_url: str) -> None:
    """Zero overflow means at most pool_size connections (it used to be 2 × pool_size)."""
    db = Database(db_url, pool_size=2, max_overflow=0, pool_timeout=0.3)
    try:
        async with db.read() as first, db.read() as second:
            await first.execute(sa.text("SELECT 1"))
            await second.execute(sa.text("SELECT 1"))
            with pytest.raises(ServiceUnavailable, match="connection"):
                async with db.read() as third:
                    await third.execute(sa.text("SELECT 1"))
    finally:
        await db.dispose()


async def test_a_full_pool_answers_503_after_the_pool_timeout(db_url: str) -> None:
    """A caller waiting for a connection gives up after pool_timeout with a 503."""
    db = Database(db_url, pool_size=1, max_overflow=0, pool_timeout=0.3)
    try:
        async with db.read() as busy:
            await busy.execute(sa.text("SELECT 1"))
            started = asyncio.get_running_loop().time()
            with pytest.raises(ServiceUnavailable) as caught:
                async with db.read() as waiting:
                    await waiting.execute(sa.text("SELECT 1"))
            waited = asyncio.get_running_loop().time() - started
        assert caught.value.status_code == 503
        assert 0.25 <= waited < 3
        async with db.read() as after:  # the connection came back: the pool works again
            assert await after.scalar(sa.text("SELECT 1")) == 1
    finally:
        await db.dispose()


@pytest.fixture
async def limited_role(pg_url: str) -> AsyncIterator[str]:
    """The test database's URL as a role that PostgreSQL lets hold one connection."""
    import asyncpg

    role = f"flowhooks_limited_{uuid.uuid4().hex[:8]}"
    admin = PG_ADMIN_URL.replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1')
        yield make_url(pg_url).set(username=role, password=None).render_as_string(False)
    finally:
        await conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        await conn.close()


@pytest.mark.postgres
async def test_postgresql_out_of_connection_slots_is_503(limited_role: str) -> None:
    """Pools sized past PostgreSQL's limit: the refused connection is a 503 (SQLSTATE 53300)."""
    db = Database(limited_role, pool_size=2, max_overflow=0, pool_timeout=1)
    try:
        async with db.read() as first:
            await first.execute(sa.text("SELECT 1"))
            with pytest.raises(ServiceUnavailable, match="no connection slot"):
                async with db.read() as second:
                    await second.execute(sa.text("SELECT 1"))
    finally:
        await db.dispose()
