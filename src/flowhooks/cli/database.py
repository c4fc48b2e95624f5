"""The database a command works on: FLOWHOOKS_DATABASE_URL, brought up to date first.

Every command reads the same FLOWHOOKS_* settings, so it works beside a running server.
Checking the schema reads `alembic_version` and compares it with the pinned heads
(`flowhooks.store.migrations.HEADS`); Alembic itself is imported only when a migration is
due, which spares every command on a current database its import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from flowhooks.accounts import Account
    from flowhooks.settings import Settings
    from flowhooks.store.database import Database

T = TypeVar("T")


def settings() -> Settings:
    from flowhooks.settings import Settings

    return Settings()


async def with_db(work: Callable[[Database], Awaitable[T]]) -> T:
    """`work` on the configured database, migrated first when it is behind."""
    # The accounts table is the one every other module's foreign keys name: loaded here,
    # the ORM can order a flush of any table a command touches (flows, agents, links…).
    import flowhooks.store.accounts  # noqa: F401
    from flowhooks.store.database import Database

    db = Database(settings().database_url)
    try:
        await migrate_if_behind(db)
        return await work(db)
    finally:
        await db.dispose()


async def migrate_if_behind(db: Database) -> None:
    """Apply the pending migrations, unless the applied revisions are already the heads."""
    from flowhooks.store.migrations import HEADS

    if await applied_revisions(db) == HEADS:
        return
    from flowhooks.store import migrate

    await migrate.upgrade(db)


async def applied_revisions(db: Database) -> frozenset[str]:
    """The revisions in `alembic_version`; none when the table is not there yet."""
    import sqlalchemy as sa

    try:
        async with db.read() as session:
            rows = await session.execute(sa.text("SELECT version_num FROM alembic_version"))
            return frozenset(row[0] for row in rows)
    except sa.exc.DBAPIError:
        return frozenset()


async def nothing(_db: Database) -> None:
    """`with_db` migrates; some commands need nothing more."""


async def account_of(db: Database, account_id: int) -> Account:
    """The account a command acts for; NOT_FOUND when there is none."""
    from flowhooks.errors import NotFound
    from flowhooks.store import accounts as account_store

    async with db.read() as session:
        row = await account_store.get(session, account_id)
        if row is None:
            raise NotFound(f"No account {account_id}")
        return row.to_domain()
