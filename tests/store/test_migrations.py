"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from flowhooks.store import migrate
from flowhooks.store.database import Database
from flowhooks.store.models import Base


async def test_migrations_match_the_models(db: Database) -> None:
    """Autogenerate finds no difference between the migrated schema and the models."""

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return list(compare_metadata(context, Base.metadata))

    async with db.read() as session:
        connection = await session.connection()
        differences = await connection.run_sync(diff)
    assert differences == []


async def test_upgrade_is_idempotent_and_current(db: Database) -> None:
    """Upgrading a migrated database changes nothing and it reads as current."""
    await migrate.upgrade(db)
    assert await migrate.is_current(db)


# One process: connect, say "ready", wait for "go" on stdin, migrate, say how it went.
MIGRATE_ON_GO = """
import asyncio, sys
from flowhooks.store import migrate
from flowhooks.store.database import Database

async def main() -> None:
    db = Database(sys.argv[1])
    await migrate.is_current(db)  # connected and warm
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        await migrate.upgrade(db)
        print("migrated", flush=True)
    except Exception as exc:
        print("failed", type(exc).__name__, exc, flush=True)
    await db.dispose()

asyncio.run(main())
"""


@pytest.mark.postgres
def test_processes_starting_together_on_a_fresh_database_both_migrate(
    fresh_pg_url: str,
) -> None:
    """`serve` and `worker` started at once on an empty database: one migrates, the other
    waits for it and finds the schema current (it used to fail on a duplicate table)."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE_ON_GO, fresh_pg_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=60)[0].strip() for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert outputs == ["migrated", "migrated"]

    async def current() -> bool:
        db = Database(fresh_pg_url)
        try:
            return await migrate.is_current(db)
        finally:
            await db.dispose()

    assert asyncio.run(current())
