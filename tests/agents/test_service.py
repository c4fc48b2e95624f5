"""The agents' service on the database: allocation under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from flowhooks.agents import service
from flowhooks.store.database import Database


async def test_concurrent_allocations_never_share_an_agent(db: Database) -> None:
    """Twenty allocations at once over twelve agents give twelve distinct agents, eight misses."""
    from flowhooks.store import agents as store
    from flowhooks.store.accounts import AccountRow

    start = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    async with db.session() as session:
        session.add(
            AccountRow(
                id=7,
                name="Race",
                timezone="Asia/Kolkata",
                settings={},
                created_at=start,
                updated_at=start,
            )
        )
        await session.flush()
        for n in range(12):
            await store.add(
                session, 7, f"+9198000000{n:02d}", f"agent {n}", start + timedelta(seconds=n)
            )

    async def one() -> str | None:
        agent = await service.allocate(db, 7, start + timedelta(minutes=5))
        return agent.number if agent else None

    results = await asyncio.gather(*(one() for _ in range(20)))
    got = [r for r in results if r is not None]
    assert len(got) == 12
    assert len(set(got)) == 12
    assert results.count(None) == 8
