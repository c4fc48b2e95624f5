"""The batch writer: rows never wait for the database and are never lost by a flush race."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import sqlalchemy as sa

from flowhooks.store.batch_writer import BatchWriter
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow


def row(i: int) -> dict[str, object]:
    return {
        "request_id": f"r{i}",
        "created_at": datetime.now(UTC),
        "path": "/webhook",
        "status": "SUCCESS",
        "http_status": 200,
        "inputs": [],
        "outputs": [],
        "duration_ms": 1.0,
    }


async def count(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(InvocationRow)) or 0)


async def test_flush_waits_for_a_batch_the_loop_is_writing(db: Database) -> None:
    """After flush() returns, every row added before it is committed, even mid-loop."""
    writer = BatchWriter(db, InvocationRow, max_rows=50, interval=60)
    writer.start()
    try:
        for i in range(50):
            writer.add(row(i))  # the 50th wakes the loop, which takes the whole batch
        for _ in range(5):
            await asyncio.sleep(0)  # let the loop start its insert
        assert writer.pending < 50  # it took its first chunk (on SQLite, 32 rows)
        await writer.flush()
        assert writer.written == 50  # checked before any other await can let the loop finish
        assert await count(db) == 50
    finally:
        await writer.stop()


async def test_a_large_flush_lets_calls_run_between_its_chunks(sqlite_db: Database) -> None:
    """A flush of many rows yields to the loop between chunks: on SQLite the inserts run on
    the loop, and 600 rows written in one go held every call in flight about 25 ms."""
    writer = BatchWriter(sqlite_db, InvocationRow, max_rows=10_000, interval=60)
    for i in range(600):
        writer.add(row(i))
    ran_during_flush = 0

    async def a_call() -> None:
        nonlocal ran_during_flush
        while writer.pending:
            ran_during_flush += 1
            await asyncio.sleep(0)

    call = asyncio.create_task(a_call())
    await asyncio.sleep(0)  # the call starts, sees the rows queued
    await writer.flush()
    await call
    assert writer.written == 600
    assert ran_during_flush >= 2
