"""The invocation log's one filtered query, used by the console and the admin API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flowhooks.store import invocations
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationQuery, InvocationRow

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def _log(db: Database) -> None:
    async with db.session() as session:
        for i, (account, method, status) in enumerate(
            [(1, "a", "SUCCESS"), (1, "b", "FAILED"), (2, "a", "SUCCESS"), (1, "a", "FAILED")]
        ):
            session.add(
                InvocationRow(
                    request_id=f"r{i}",
                    created_at=T0 + timedelta(minutes=i),
                    account_id=account,
                    method=method,
                    path="/webhook",
                    status=status,
                    http_status=200,
                    inputs=[],
                    outputs=[],
                    duration_ms=1.0,
                )
            )


async def _ids(db: Database, query: InvocationQuery) -> list[str]:
    async with db.read() as session:
        return [row.request_id for row in await invocations.search(session, query)]


async def test_search_lists_newest_first_within_the_limit(db: Database) -> None:
    """No filter: every row, newest first, at most `limit`."""
    await _log(db)
    assert await _ids(db, InvocationQuery()) == ["r3", "r2", "r1", "r0"]
    assert await _ids(db, InvocationQuery(limit=2)) == ["r3", "r2"]


async def test_search_filters_combine(db: Database) -> None:
    """Account, method, status and the [since, until) window each narrow the list."""
    await _log(db)
    assert await _ids(db, InvocationQuery(account_id=1, method="a")) == ["r3", "r0"]
    assert await _ids(db, InvocationQuery(status="FAILED")) == ["r3", "r1"]
    window = InvocationQuery(since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=3))
    assert await _ids(db, window) == ["r2", "r1"]


async def test_one_invocation_by_its_request_id(db: Database) -> None:
    """by_request_id finds the row, and None for an unknown id."""
    await _log(db)
    async with db.read() as session:
        found = await invocations.by_request_id(session, "r2")
        assert found is not None
        assert found.account_id == 2
        assert await invocations.by_request_id(session, "nope") is None
