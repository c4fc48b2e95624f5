"""The storage limit's two stores: one table, a SELECT by key and an upsert, nothing more.

flowhooks' contact methods are compared with these (bench/bare_storage.py), so each store
does the least that answers the same question honestly: SQLite through sqlite3 on the
event-loop thread with the PRAGMAs flowhooks' own fast path uses (WAL, synchronous=NORMAL)
and a commit per write; PostgreSQL through an asyncpg pool whose connections prepare and
cache each statement. The table is the bench's own shape, not flowhooks' schema: one row
per (account, contact), the contact's values as one JSON text.
"""

from __future__ import annotations

import sqlite3
from typing import Protocol

import asyncpg  # untyped: pyproject tells mypy to ignore its missing hints
import orjson

from bench.cases import DEMO_ACCOUNT, DEMO_CONTACT

TABLE = "bench_contacts"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (account_id integer NOT NULL, contact text NOT NULL,"
    " data text NOT NULL, PRIMARY KEY (account_id, contact))"
)
SEED_ACCOUNT = int(DEMO_ACCOUNT)
SEED_CONTACT = DEMO_CONTACT
SEED_VALUES = orjson.dumps({"language": "hi", "lastMenu": "billing"}).decode()
"""The row the SELECT reads: the values flowhooks' bench contact holds once primed."""

POOL_SIZE = 10
"""asyncpg connections per process: flowhooks' default FLOWHOOKS_DB_POOL_SIZE."""

_PG_ADVISORY_KEY = 16_0016
"""Serialises CREATE TABLE between the workers of one run (concurrent ones can collide)."""


class Store(Protocol):
    """A contact's values by (account, contact): read, write, close."""

    async def select(self, account_id: int, contact: str) -> str | None:
        """The contact's values as JSON text, or None when there is no such row."""

    async def upsert(self, account_id: int, contact: str, data: str) -> None:
        """Insert the contact's row or replace its values, committed when this returns."""

    async def close(self) -> None:
        """Release the connection(s)."""


class SqliteStore:
    """One sqlite3 connection used on the event-loop thread (a query takes microseconds)."""

    _SELECT = f"SELECT data FROM {TABLE} WHERE account_id = ? AND contact = ?"  # noqa: S608
    _UPSERT = (
        f"INSERT INTO {TABLE} (account_id, contact, data) VALUES (?, ?, ?)"  # noqa: S608
        " ON CONFLICT (account_id, contact) DO UPDATE SET data = excluded.data"
    )

    def __init__(self, path: str) -> None:
        # Python's sqlite3 opens the write transaction itself; upsert() commits it.
        self._db = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(CREATE)
        self._db.execute(
            f"INSERT INTO {TABLE} VALUES (?, ?, ?) ON CONFLICT DO NOTHING",  # noqa: S608
            (SEED_ACCOUNT, SEED_CONTACT, SEED_VALUES),
        )
        self._db.commit()

    async def select(self, account_id: int, contact: str) -> str | None:
        row = self._db.execute(self._SELECT, (account_id, contact)).fetchone()
        return None if row is None else str(row[0])

    async def upsert(self, account_id: int, contact: str, data: str) -> None:
        self._db.execute(self._UPSERT, (account_id, contact, data))
        self._db.commit()

    async def close(self) -> None:
        self._db.close()


class AsyncpgStore:
    """An asyncpg pool; each statement runs on its own (autocommit) and is prepared once."""

    _SELECT = f"SELECT data FROM {TABLE} WHERE account_id = $1 AND contact = $2"  # noqa: S608
    _UPSERT = (
        f"INSERT INTO {TABLE} (account_id, contact, data) VALUES ($1, $2, $3)"  # noqa: S608
        " ON CONFLICT (account_id, contact) DO UPDATE SET data = excluded.data"
    )

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, dsn: str, pool_size: int = POOL_SIZE) -> AsyncpgStore:
        """Open the pool, then create and seed the table (once, whichever worker is first)."""
        pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", _PG_ADVISORY_KEY)
            await connection.execute(CREATE)
            await connection.execute(
                f"INSERT INTO {TABLE} VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",  # noqa: S608
                SEED_ACCOUNT,
                SEED_CONTACT,
                SEED_VALUES,
            )
        return cls(pool)

    async def select(self, account_id: int, contact: str) -> str | None:
        value = await self._pool.fetchval(self._SELECT, account_id, contact)
        return None if value is None else str(value)

    async def upsert(self, account_id: int, contact: str, data: str) -> None:
        await self._pool.execute(self._UPSERT, account_id, contact, data)

    async def close(self) -> None:
        await self._pool.close()


async def open_store(url: str) -> Store:
    """The store ``url`` names: a postgresql:// DSN, or else a SQLite file path."""
    if url.startswith(("postgresql://", "postgres://")):
        return await AsyncpgStore.open(url)
    return SqliteStore(url)
