"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

from typing import Any

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

    async with db.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


async def test_upgrade_is_idempotent_and_current(db: Database) -> None:
    """Upgrading a migrated database changes nothing and it reads as current."""
    await migrate.upgrade(db)
    assert await migrate.is_current(db)
