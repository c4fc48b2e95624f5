"""Bring a database's schema up to date from the Alembic migrations (every branch head).

Several processes may start at once on a fresh database (`serve` and `worker` both migrate
first). On PostgreSQL the upgrade holds a transaction-level advisory lock, so they queue:
the first applies the migrations, the others find the schema current. On SQLite the
upgrade's BEGIN IMMEDIATE already admits one writer at a time.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from flowhooks.store.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"
# Key of the advisory lock taken while migrating (any constant both sides agree on).
MIGRATION_LOCK_KEY = 0x466C6F77  # "Flow"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "heads")


def _is_current(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


async def upgrade(db: Database) -> None:
    """Apply every migration not yet applied; a no-op on an up-to-date database."""
    async with db.session() as session:
        connection = await session.connection()
        if db.dialect == "postgresql":
            # Released when this transaction ends: after the migrations are committed.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        await connection.run_sync(_upgrade)


async def is_current(db: Database) -> bool:
    async with db.read() as session:
        connection = await session.connection()
        return await connection.run_sync(_is_current)
