"""The SQLite writer (hot writes on the loop thread) and the bulk insert of the batch writers."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from flowhooks.errors import ServiceUnavailable
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow
from flowhooks.store.shortlinks import ShortLinkVisitRow
from flowhooks.store.sqlite_bulk import SqliteBulkInsert


def _path(db: Database) -> str:
    return str(sa.make_url(db.url).database)


async def test_rows_read_back_as_an_orm_insert_stores_them(sqlite_db: Database) -> None:
    """JSON, date-times (aware, stored UTC), booleans and NULLs survive the raw insert."""
    assert sqlite_db.sqlite_writer is not None
    when = datetime(2026, 11, 28, 10, 30, 15, 123456, tzinfo=UTC)
    row = {
        "request_id": "bulk-1",
        "created_at": when,
        "account_id": None,
        "method": "fetchUserPreferences",
        "path": "/webhook",
        "status": "SUCCESS",
        "http_status": 200,
        "error_code": None,
        "inputs": [{"name": "$flow.key.x", "value": 'हिंदी "quoted"'}],
        "outputs": {"nested": [1, 2.5, None, True]},
        "duration_ms": 1.25,
        "client_ip": "10.0.0.1",
    }
    insert = SqliteBulkInsert(InvocationRow.__table__)  # type: ignore[arg-type]
    await sqlite_db.sqlite_writer.run(lambda connection: insert(connection, [row]))
    async with sqlite_db.session() as session:
        session.add(InvocationRow(**{**row, "request_id": "orm-1"}))
    async with sqlite_db.read() as session:
        stored = {r.request_id: r for r in (await session.scalars(sa.select(InvocationRow))).all()}
    bulk, orm = stored["bulk-1"], stored["orm-1"]
    for column in InvocationRow.__table__.columns:
        if column.key not in ("id", "request_id"):
            assert getattr(bulk, column.key) == getattr(orm, column.key), column.key
    assert bulk.inputs == row["inputs"]
    assert bulk.outputs == row["outputs"]


async def test_visits_with_booleans(sqlite_db: Database) -> None:
    """Short-link visits go through the same path (a boolean column, a foreign key)."""
    assert sqlite_db.sqlite_writer is not None
    insert = SqliteBulkInsert(ShortLinkVisitRow.__table__)  # type: ignore[arg-type]
    row = {"link_id": 999, "visited_at": datetime.now(UTC), "potential_bot": True}
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are on: no link 999
        await sqlite_db.sqlite_writer.run(lambda connection: insert(connection, [row]))


async def test_a_failed_transaction_leaves_nothing(sqlite_db: Database) -> None:
    writer = sqlite_db.sqlite_writer
    assert writer is not None
    insert = SqliteBulkInsert(InvocationRow.__table__)  # type: ignore[arg-type]
    good = {
        "request_id": "kept-out",
        "created_at": datetime.now(UTC),
        "path": "/",
        "status": "SUCCESS",
        "http_status": 200,
        "inputs": [],
        "outputs": [],
        "duration_ms": 1.0,
    }

    def work(connection: sqlite3.Connection) -> None:
        insert(connection, [good])
        raise ValueError("refused after the insert")

    with pytest.raises(ValueError, match="refused after"):
        await writer.run(work)
    async with sqlite_db.read() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(InvocationRow)) == 0


async def test_waits_for_another_process_without_blocking_the_loop(sqlite_db: Database) -> None:
    """A write lock held elsewhere is waited for with asyncio sleeps, not in SQLite's handler."""
    writer = sqlite_db.sqlite_writer
    assert writer is not None
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
    result = await writer.run(lambda connection: connection.execute("SELECT 41 + 1").fetchone())
    waited = asyncio.get_running_loop().time() - started
    task.cancel()
    other.close()
    assert result == (42,)
    assert waited >= 0.25
    assert ticks >= 20  # the loop kept running while the writer waited


async def test_gives_up_with_503_when_the_lock_never_comes(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = sqlite_db.sqlite_writer
    assert writer is not None
    monkeypatch.setattr(writer, "busy_timeout", 0.2)
    other = sqlite3.connect(_path(sqlite_db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ServiceUnavailable):
            await writer.run(lambda connection: None)
    finally:
        other.execute("ROLLBACK")
        other.close()
    # and it works again once the lock is free
    assert await writer.run(lambda connection: 7) == 7


def test_default_values_are_applied() -> None:
    """A column with a Python-side default gets it when a row leaves it out."""
    metadata = sa.MetaData()
    table = sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, default=lambda: datetime(2020, 1, 1) + timedelta(days=1)),
        sa.Column("flag", sa.Boolean, default=False),
    )
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, flag INTEGER)")
    SqliteBulkInsert(table)(connection, [{"id": 1}, {"id": 2, "flag": True}])
    assert connection.execute("SELECT * FROM t ORDER BY id").fetchall() == [
        (1, "2020-01-02 00:00:00.000000", 0),
        (2, "2020-01-02 00:00:00.000000", 1),
    ]
