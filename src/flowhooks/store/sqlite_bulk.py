"""Many rows of one table inserted with one prepared statement on the SQLite writer.

The batch writers (invocation log, short-link visits) hold SQLite's one write lock while
they insert; through aiosqlite a batch spans many thread hand-offs, and every hot write of
the process (updateUserPreferences) waits behind it. Here a batch is one `executemany` on
`Database.sqlite_writer`, in chunks small enough that the event loop is never held for
long. Values are converted by the columns' own SQLAlchemy types (JSON, DateTime, Boolean),
so what is stored is exactly what an ORM insert would store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.compiler import SQLCompiler

from flowhooks.store.prepared import SQLITE


class SqliteBulkInsert:
    """`insert(table)` for SQLite: SQL compiled once per set of keys, values converted by type."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self._convert: dict[str, Callable[[Any], Any] | None] = {
            column.key: column.type.dialect_impl(SQLITE).bind_processor(SQLITE)
            for column in table.columns
        }
        self._defaults: dict[str, Any] = {
            column.key: column.default.arg
            for column in table.columns
            if isinstance(column.default, sa.ColumnDefault)
        }
        self._sql: dict[frozenset[str], tuple[str, tuple[str, ...]]] = {}

    def _statement(self, keys: frozenset[str]) -> tuple[str, tuple[str, ...]]:
        """The SQL for rows with these keys, and the order its parameters go in."""
        found = self._sql.get(keys)
        if found is None:
            statement = sa.insert(self.table).values({key: sa.bindparam(key) for key in keys})
            compiled = statement.compile(dialect=SQLITE)
            assert isinstance(compiled, SQLCompiler)
            order = tuple(compiled.positiontup or ())
            found = self._sql[keys] = (str(compiled), order)
        return found

    def _complete(self, row: dict[str, Any]) -> dict[str, Any]:
        missing = {key: value for key, value in self._defaults.items() if key not in row}
        for key, value in missing.items():
            row = {**row, key: value(None) if callable(value) else value}
        return row

    def _values(self, row: dict[str, Any], order: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(
            value if value is None or convert is None else convert(value)
            for convert, value in ((self._convert[key], row[key]) for key in order)
        )

    def one(self, connection: sqlite3.Connection, row: dict[str, Any]) -> int:
        """Insert one row; its rowid (the autoincrement primary key)."""
        row = self._complete(row) if self._defaults else row
        sql, order = self._statement(frozenset(row))
        rowid = connection.execute(sql, self._values(row, order)).lastrowid
        assert rowid is not None
        return rowid

    def __call__(self, connection: sqlite3.Connection, rows: Sequence[dict[str, Any]]) -> None:
        groups: dict[frozenset[str], list[tuple[Any, ...]]] = {}
        for raw in rows:
            row = self._complete(raw) if self._defaults else raw
            keys = frozenset(row)
            _, order = self._statement(keys)
            groups.setdefault(keys, []).append(self._values(row, order))
        for keys, values in groups.items():
            connection.executemany(self._statement(keys)[0], values)
