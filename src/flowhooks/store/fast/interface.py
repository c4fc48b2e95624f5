"""What a fast path offers: hot reads, short hot write transactions and row inserts.

A store module calls `db.fast.fetch(...)` or `async with db.fast.transaction() as tx`, with
statements compiled once for each driver (statements.py); which driver runs them was
chosen when the database was opened, so no store module asks. A failure to reach the
database raises DatabaseUnavailable; a statement the database refuses for what it holds
raises `Refused` (`Conflict` for a unique, foreign-key or not-null violation), whichever
the driver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

import sqlalchemy as sa

from flowhooks.store.fast.statements import Statement

Row = tuple[Any, ...]


class Refused(Exception):
    """The database refused a statement for the values it holds (the cause says why)."""


class Conflict(Refused):
    """A unique, foreign-key or not-null constraint refused the statement."""


class FastTransaction(Protocol):
    """One write transaction on the fast path: committed when its block ends, else rolled back."""

    async def scalar(self, statement: Statement, params: Mapping[str, Any]) -> Any:
        """The first column of the first row the statement answers."""

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        """Every row the statement answers."""

    async def execute_many(self, statement: Statement, params: Sequence[Mapping[str, Any]]) -> None:
        """The statement once for each set of parameters (nothing when there is none)."""

    async def insert(self, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows given as dicts of column values (defaults filled in as the ORM would)."""

    async def insert_one(self, table: sa.Table, row: Mapping[str, Any]) -> int:
        """Insert one row; its new primary key."""

    async def serialize(self, key: str) -> None:
        """Hold, until the transaction ends, a lock every transaction serialising on `key` takes."""


class FastPath(Protocol):
    """The hot queries' way to the database, one implementation per driver."""

    # How many rows one insert of a batch writer should hold at most.
    batch_rows: int | None

    async def fetch(self, statement: Statement, params: Mapping[str, Any]) -> list[Row]:
        """One read statement without a transaction around it (the hottest point reads)."""

    def transaction(self) -> AbstractAsyncContextManager[FastTransaction]:
        """A short write transaction: a few statements, no other I/O inside."""

    async def close(self) -> None:
        """Close the connections the fast path opened itself."""
