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


def _wal_frames(path: str) -> int:
    """How many frames the WAL holds now (a PASSIVE checkpoint's second figure)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        _busy, frames, _copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(frames)
    finally:
        other.close()


async def test_the_wal_starts_over_while_only_the_loop_writes(sqlite_db: Database) -> None:
    """The loop's writer never checkpoints; without the checkpointer nothing did, and under
    a read-mostly load the invocation log's commits grew the WAL without end (240 MB in 15 s
    of the bench). The checkpointer copies it back in a thread and lets it start over."""
    fast = _fast(sqlite_db)
    fast.writer.checkpointer.interval = 0.0
    payload = "x" * 3000  # about a page a row
    async with fast.writer.transaction() as tx:
        tx.connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)")
    for _ in range(60):
        async with fast.writer.transaction() as tx:
            tx.connection.executemany("INSERT INTO filler (body) VALUES (?)", [(payload,)] * 20)
        await asyncio.sleep(0.002)  # the checkpoint thread's turn, as between calls
    await fast.writer.checkpointer.close()
    frames = _wal_frames(_path(sqlite_db))
    async with fast.writer.transaction() as tx:
        tx.connection.execute("DROP TABLE filler")  # the test database is shared
    # 60 commits of 20 pages each: more than a thousand frames if the WAL never restarted.
    assert fast.writer.checkpointer.runs > 0
    assert frames < 300


async def test_a_failed_checkpoint_is_logged_and_tried_again(sqlite_db: Database) -> None:
    """A checkpoint that cannot run loses nothing: it is logged, and a later commit retries."""
    fast = _fast(sqlite_db)
    checkpointer = fast.writer.checkpointer
    checkpointer.interval = 0.0
    checkpointer.path = "/nonexistent-dir/flowhooks.db"
    async with fast.writer.transaction() as tx:
        tx.connection.execute("SELECT 1")
    await checkpointer.close()
    assert checkpointer.runs == 0
    checkpointer.path = _path(sqlite_db)
    async with fast.writer.transaction() as tx:
        tx.connection.execute("SELECT 1")
    await checkpointer.close()
    assert checkpointer.runs == 1
