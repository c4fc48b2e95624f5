"""Bring a database's schema up to date from the Alembic migrations (every branch head)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from flowhooks.store.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"


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
    async with db.engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def is_current(db: Database) -> bool:
    async with db.read_engine.connect() as connection:
        return await connection.run_sync(_is_current)
