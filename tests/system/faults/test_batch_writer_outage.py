"""The batch writer through a database outage: rows wait, then are written; stop never hangs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
import structlog

from flowhooks.errors import DatabaseUnavailable
from flowhooks.store import migrate
from flowhooks.store.batch_writer import BatchWriter
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow
from tests.conftest import client_for, flush_invocations
from tests.system.faults.private_postgres import PrivateCluster, free_port


def row(request_id: str) -> dict[str, object]:
    return {
        "request_id": request_id,
        "created_at": datetime.now(UTC),
        "path": "/webhook",
        "status": "FAILED",
        "http_status": 503,
        "error_code": "DATABASE_UNAVAILABLE",
        "inputs": [],
        "outputs": [],
        "duration_ms": 1.0,
    }


@pytest.mark.postgres
async def test_rows_queued_while_postgresql_is_down_are_written_after_it_is_back(
    private_cluster: PrivateCluster,
) -> None:
    """A failed batch goes back to the queue; the first flush after the restart writes it."""
    db = Database(private_cluster.url, pool_size=2)
    writer = BatchWriter(db, InvocationRow, interval=60)
    try:
        await migrate.upgrade(db)
        private_cluster.stop("fast")
        for i in range(3):
            writer.add(row(f"outage-{i}"))
        with pytest.raises(DatabaseUnavailable):
            await writer.flush()
        assert writer.pending == 3
        private_cluster.start()
        assert await writer.flush() == 3
        async with db.read() as session:
            stored = await session.scalars(sa.select(InvocationRow.request_id))
            assert sorted(stored) == ["outage-0", "outage-1", "outage-2"]
    finally:
        await writer.stop()
        await db.dispose()


async def test_stop_while_the_database_is_down_logs_the_rows_and_returns() -> None:
    """A process stopping during an outage finishes its shutdown and says what it lost."""
    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    writer = BatchWriter(db, InvocationRow, interval=0.05)
    writer.start()
    writer.add(row("never-written"))
    try:
        with structlog.testing.capture_logs() as logs:
            await writer.stop()
    finally:
        await db.dispose()
    lost = [entry for entry in logs if entry["event"] == "batch_rows_lost_at_stop"]
    assert lost == [
        {
            "event": "batch_rows_lost_at_stop",
            "log_level": "error",
            "table": "invocations",
            "rows": 1,
        }
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_row_the_database_refuses_does_not_hold_back_the_others(db: Database) -> None:
    """A row PostgreSQL rejects (a value longer than its column) is dropped and counted on
    its own; the rows of its batch and every later batch are written."""
    writer = BatchWriter(db, InvocationRow, interval=60)
    try:
        writer.add(row("before"))
        writer.add(row("too-long") | {"client_ip": "9" * 100})  # String(64)
        writer.add(row("after"))
        with structlog.testing.capture_logs() as logs:
            assert await writer.flush() == 2
        writer.add(row("next-batch"))
        assert await writer.flush() == 1
        assert (writer.pending, writer.rejected) == (0, 1)
        async with db.read() as session:
            stored = await session.scalars(sa.select(InvocationRow.request_id))
            assert sorted(stored) == ["after", "before", "next-batch"]
    finally:
        await writer.stop()
    [rejected] = [entry for entry in logs if entry["event"] == "batch_row_rejected"]
    assert rejected["table"] == "invocations"
    assert "9" * 100 not in str(rejected)  # the row itself is never logged


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_forged_forwarded_for_header_still_leaves_its_invocation_row(
    app_factory: Any,
) -> None:
    """Behind a trusted proxy the client IP is caller text; a 100-character one is cut to
    the column's 64, so its call is logged like any other."""
    application = await app_factory(trust_forwarded_for=True)
    forged = "1" * 100
    async with client_for(application) as client:
        answer = await client.post(
            "/webhook",
            json={"method": "FindLanguage", "keys": [{"name": "inputText", "value": "namaste"}]},
            headers={"X-Forwarded-For": forged},
        )
    assert answer.status_code == 200
    await flush_invocations(application)
    writer = application.state.runtime.invocations
    assert writer.rejected == 0
    async with application.state.runtime.db.read() as session:
        stored = await session.scalar(
            sa.select(InvocationRow.client_ip).where(
                InvocationRow.request_id == answer.json()["requestId"]
            )
        )
    assert stored == forged[:64]
