"""The SQLite fast path's own waits: another process's lock is waited for on the loop."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import sqlalchemy as sa

from flowhooks.errors import ServiceUnavailable
from flowhooks.store.database import Database
from flowhooks.store.fast.sqlite import SqliteFast


def _path(db: Database) -> str:
    return str(sa.make_url(db.url).database)


def _fast(db: Database) -> SqliteFast:
    assert isinstance(db.fast, SqliteFast)
    return db.fast


async def test_an_sqlite_file_gets_the_sqlite_fast_path(sqlite_db: Database) -> None:
    """An SQLite file is served by sqlite3 on the loop (chosen once, when it is opened)."""
    assert isinstance(sqlite_db.fast, SqliteFast)


async def test_waits_for_another_process_without_blocking_the_loop(sqlite_db: Database) -> None:
    """A write lock held elsewhere is waited for with asyncio sleeps, not in SQLite's handler."""
    writer = _fast(sqlite_db).writer
    other = sqlite3.connect(_path(sqlite_db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    task = asyncio.create_task(ticker())
    asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
    started = asyncio.get_running_loop().time()
    async with writer.transaction() as tx:
        result = tx.connection.execute("SELECT 41 + 1").fetchone()
    waited = asyncio.get_running_loop().time() - started
    task.cancel()
    other.close()
    assert result == (42,)
    assert waited >= 0.25
    assert ticks >= 20  # the loop kept running while the writer waited


async def test_gives_up_with_503_when_the_lock_never_comes(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the lock past busy_timeout: 503, and the writer recovers."""
    writer = _fast(sqlite_db).writer
    monkeypatch.setattr(writer, "busy_timeout", 0.2)
    other = sqlite3.connect(_path(sqlite_db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ServiceUnavailable):
            async with writer.transaction():
                pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    async with writer.transaction() as tx:  # and it works again once the lock is free
        assert tx.connection.execute("SELECT 7").fetchone() == (7,)
