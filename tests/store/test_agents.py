"""The agents' store: one agent per number and account, even under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from flowhooks.store.database import Database
from tests.agents.fixtures import ASHA


async def test_the_same_number_added_twice_at_once_is_one_agent(db: Database) -> None:
    """Two concurrent registrations of one number give one agent and one CONFLICT."""
    from flowhooks.errors import Conflict
    from flowhooks.store import agents as store
    from flowhooks.store.accounts import AccountRow

    start = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    async with db.session() as session:
        session.add(
            AccountRow(
                id=8,
                name="Dup",
                timezone="Asia/Kolkata",
                settings={},
                created_at=start,
                updated_at=start,
            )
        )

    async def one() -> str:
        try:
            async with db.session() as session:
                await store.add(session, 8, ASHA, "Asha", start)
        except Conflict:
            return "conflict"
        return "added"

    assert sorted(await asyncio.gather(one(), one())) == ["added", "conflict"]
    async with db.read() as session:
        assert len(await store.list_of(session, 8)) == 1
