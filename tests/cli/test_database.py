"""The database a command works on is brought up to date first, without Alembic when current."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.script import ScriptDirectory

from flowhooks.cli.database import applied_revisions, migrate_if_behind
from flowhooks.store import migrate
from flowhooks.store.database import Database
from flowhooks.store.migrations import HEADS


def test_pinned_heads_are_the_migrations_heads() -> None:
    """HEADS names exactly the head revisions of the migration scripts (a new one updates it)."""
    assert set(ScriptDirectory.from_config(migrate.alembic_config()).get_heads()) == HEADS


def test_a_fresh_database_is_migrated_and_then_left_alone(tmp_path: Path) -> None:
    """An empty file gets every migration; a current one reads as HEADS and stays current."""

    async def scenario() -> tuple[frozenset[str], frozenset[str], bool]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
        try:
            before = await applied_revisions(db)
            await migrate_if_behind(db)
            after = await applied_revisions(db)
            await migrate_if_behind(db)
            return before, after, await migrate.is_current(db)
        finally:
            await db.dispose()

    before, after, current = asyncio.run(scenario())
    assert before == frozenset()
    assert after == HEADS
    assert current
