"""The fast path on both drivers: what it stores reads back as the ORM stores it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from flowhooks.store.database import IN_MEMORY, Database
from flowhooks.store.fast.asyncpg import AsyncpgFast
from flowhooks.store.fast.interface import Conflict
from flowhooks.store.fast.sqlite import SqliteFast
from flowhooks.store.fast.statements import SQLITE, Statement, TableInsert, table_of
from flowhooks.store.invocations import InvocationRow
from flowhooks.store.shortlinks import ShortLinkVisitRow

INVOCATIONS = table_of(InvocationRow)


def _invocation(request_id: str) -> dict[str, object]:
    return {
        "request_id": request_id,
        "created_at": datetime.now(UTC),
        "path": "/",
        "status": "SUCCESS",
        "http_status": 200,
        "inputs": [],
        "outputs": [],
        "duration_ms": 1.0,
    }


async def _count(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(InvocationRow)) or 0)


async def test_the_fast_path_is_the_drivers_own(db: Database) -> None:
    """sqlite3 on the loop for an SQLite file, asyncpg for PostgreSQL."""
    expected = SqliteFast if db.dialect == "sqlite" else AsyncpgFast
    assert isinstance(db.fast, expected)


async def test_rows_read_back_as_an_orm_insert_stores_them(db: Database) -> None:
    """JSON, date-times (aware, stored UTC), booleans and NULLs survive the fast insert."""
    when = datetime(2026, 11, 28, 10, 30, 15, 123456, tzinfo=UTC)
    row = {
        "request_id": "fast-1",
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
    async with db.fast.transaction() as tx:
        await tx.insert(INVOCATIONS, [row])
    async with db.session() as session:
        session.add(InvocationRow(**{**row, "request_id": "orm-1"}))
    async with db.read() as session:
        stored = {r.request_id: r for r in (await session.scalars(sa.select(InvocationRow))).all()}
    fast, orm = stored["fast-1"], stored["orm-1"]
    for column in INVOCATIONS.columns:
        if column.key not in ("id", "request_id"):
            assert getattr(fast, column.key) == getattr(orm, column.key), column.key
    assert fast.inputs == row["inputs"]
    assert fast.outputs == row["outputs"]


async def test_insert_one_answers_the_new_key(db: Database) -> None:
    """insert_one answers the primary key the database gave the row."""
    async with db.fast.transaction() as tx:
        first = await tx.insert_one(INVOCATIONS, _invocation("one"))
        second = await tx.insert_one(INVOCATIONS, _invocation("two"))
    async with db.read() as session:
        ids = dict(
            (await session.execute(sa.select(InvocationRow.request_id, InvocationRow.id))).all()
        )
    assert ids == {"one": first, "two": second}


async def test_a_constraint_raises_conflict_on_every_driver(db: Database) -> None:
    """A foreign key with nothing behind it (no link 999) is a Conflict, and nothing stays."""
    row = {"link_id": 999, "visited_at": datetime.now(UTC), "potential_bot": True}

    async def insert() -> None:
        async with db.fast.transaction() as tx:
            await tx.insert(table_of(ShortLinkVisitRow), [row])

    with pytest.raises(Conflict):
        await insert()


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    """An error inside the block rolls back what the block wrote, and reaches the caller."""

    async def insert_then_fail() -> None:
        async with db.fast.transaction() as tx:
            await tx.insert(INVOCATIONS, [_invocation("kept-out")])
            raise ValueError("refused after the insert")

    with pytest.raises(ValueError, match="refused after"):
        await insert_then_fail()
    assert await _count(db) == 0


async def test_reads_convert_columns_as_their_types_do(db: Database) -> None:
    """A JSON column reads back as its value and a date-time as a date-time, on both drivers."""
    async with db.fast.transaction() as tx:
        await tx.insert(INVOCATIONS, [{**_invocation("json"), "outputs": {"a": [1, "b"]}}])
    statement = Statement.of(
        sa.select(InvocationRow.outputs, InvocationRow.request_id).where(
            InvocationRow.request_id == sa.bindparam("request_id")
        )
    )
    [(outputs, request_id)] = await db.fast.fetch(statement, {"request_id": "json"})
    assert (outputs, request_id) == ({"a": [1, "b"]}, "json")
    async with db.fast.transaction() as tx:
        assert await tx.fetch(statement, {"request_id": "json"}) == [({"a": [1, "b"]}, "json")]
        assert await tx.scalar(statement, {"request_id": "none"}) is None


async def test_transactions_serialised_on_a_key_take_turns(db: Database) -> None:
    """Two transactions serialising on one key run one after the other, never interleaved."""
    order: list[str] = []

    async def hold(name: str) -> None:
        async with db.fast.transaction() as tx:
            await tx.serialize("same-key")
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    await asyncio.gather(hold("a"), hold("b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


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
    for compiled, values in TableInsert(table).grouped(
        SQLITE, [{"id": 1}, {"id": 2, "flag": True}]
    ):
        connection.executemany(compiled.sql, values)
    assert connection.execute("SELECT * FROM t ORDER BY id").fetchall() == [
        (1, "2020-01-02 00:00:00.000000", 0),
        (2, "2020-01-02 00:00:00.000000", 1),
    ]


@pytest.mark.parametrize(
    "url",
    ["sqlite+aiosqlite:///:memory:", "sqlite+aiosqlite://", "sqlite+aiosqlite:///x?mode=memory"],
)
def test_in_memory_sqlite_is_refused_with_the_expected_form(url: str) -> None:
    """An in-memory SQLite URL is refused, naming the setting and the form it takes."""
    with pytest.raises(ValueError, match="in-memory") as refused:
        Database(url)
    assert str(refused.value) == IN_MEMORY
    assert "FLOWHOOKS_DATABASE_URL" in IN_MEMORY


def test_an_unsupported_url_is_refused_with_the_expected_form() -> None:
    """A URL of another database names the setting and the two supported forms."""
    with pytest.raises(ValueError, match=r"database_url: unsupported.*sqlite\+aiosqlite"):
        Database("mysql+aiomysql://localhost/x")
