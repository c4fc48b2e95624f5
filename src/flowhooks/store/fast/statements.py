"""Statements compiled once for each driver, for the hot paths that skip SQLAlchemy's execution.

Compiling a statement costs more than running it; a `Statement` holds its SQL for SQLite
(`?` placeholders) and for asyncpg (`$1`), each with the names of its parameters in order
and the conversions the columns' own types apply (JSON, date-times, booleans), so what the
fast path stores and reads back is exactly what the ORM would. A hot path only orders its
values and executes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ReturnsRows

Convert = Callable[[Any], Any]


def _json(value: Any) -> str:
    # orjson is ~5x faster than json.dumps here, and any JSON reader reads it back.
    return orjson.dumps(value).decode()


SQLITE: Dialect = sqlite.dialect(json_serializer=_json)
POSTGRES: Dialect = asyncpg_dialect.dialect()  # type: ignore[no-untyped-call]


_DATETIMES: dict[tuple[Dialect, str], Convert] = {}


def _bind_processor(type_: sa.types.TypeEngine[Any], dialect: Dialect) -> Convert | None:
    """The type's conversion of a value for the driver. A date-time's is shared by every
    statement and remembers its last value: a transaction stamps its rows with one `now`,
    and formatting it costs more than the rest of a statement's parameters."""
    convert = type_.dialect_impl(dialect).bind_processor(dialect)
    if convert is None or not isinstance(type_, sa.DateTime):
        return convert
    key = (dialect, repr(type_))
    shared = _DATETIMES.get(key)
    if shared is None:
        last: list[Any] = [None, None]  # the last value (by identity) and its conversion

        def shared(value: Any) -> Any:
            if value is not last[0]:
                last[0], last[1] = value, convert(value)
            return last[1]

        _DATETIMES[key] = shared
    return shared


@dataclass(frozen=True, slots=True)
class Compiled:
    """One statement's SQL for one driver, its parameters in order and their conversions."""

    sql: str
    names: tuple[str, ...]
    converts: tuple[Convert | None, ...]
    # One conversion per result column; empty when no column needs one (the usual case).
    results: tuple[Convert | None, ...] = ()
    # (position, conversion) of the parameters that need one.
    converting: tuple[tuple[int, Convert], ...] = field(init=False)

    def __post_init__(self) -> None:
        converting = tuple((i, c) for i, c in enumerate(self.converts) if c is not None)
        object.__setattr__(self, "converting", converting)

    @classmethod
    def of(cls, statement: sa.ClauseElement, dialect: Dialect) -> Compiled:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        names = tuple(compiled.positiontup or ())
        converts = tuple(_bind_processor(compiled.binds[name].type, dialect) for name in names)
        columns = statement.exported_columns if isinstance(statement, ReturnsRows) else ()
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        )
        return cls(str(compiled), names, converts, results if any(results) else ())

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        """The values of `params` in the order the statement takes them, converted."""
        values = [params[name] for name in self.names]
        for position, convert in self.converting:
            value = values[position]
            if value is not None:
                values[position] = convert(value)
        return values

    def row(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """A result row with each column converted as its type reads it back."""
        if not self.results:
            return tuple(row)
        return tuple(
            value if value is None or convert is None else convert(value)
            for convert, value in zip(self.results, row, strict=True)
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement, compiled for SQLite and for asyncpg."""

    sqlite: Compiled
    postgres: Compiled

    @classmethod
    def of(cls, statement: sa.ClauseElement) -> Statement:
        """A statement both dialects write the same way."""
        return cls(Compiled.of(statement, SQLITE), Compiled.of(statement, POSTGRES))

    @classmethod
    def upsert(cls, build: Callable[[Any], sa.ClauseElement]) -> Statement:
        """A statement built with the dialect's own `insert` (for ON CONFLICT clauses)."""
        return cls(
            Compiled.of(build(sqlite.insert), SQLITE),
            Compiled.of(build(postgresql.insert), POSTGRES),
        )


class TableInsert:
    """`INSERT INTO table` for rows given as dicts: compiled once per set of keys and driver.

    A column default the ORM would fill in (a constant or a function) is filled in here,
    so a row stored this way reads back as one the ORM inserted.
    """

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self._defaults: dict[str, Any] = {
            column.key: column.default.arg
            for column in table.columns
            if isinstance(column.default, sa.ColumnDefault)
        }
        self._compiled: dict[tuple[Dialect, frozenset[str], bool], Compiled] = {}

    def statement(self, dialect: Dialect, keys: frozenset[str], returning: bool) -> Compiled:
        """The insert for rows with these keys; `returning` answers the new primary key."""
        found = self._compiled.get((dialect, keys, returning))
        if found is None:
            insert = sa.insert(self.table).values({key: sa.bindparam(key) for key in keys})
            if returning:
                insert = insert.returning(*self.table.primary_key.columns)
            found = self._compiled[(dialect, keys, returning)] = Compiled.of(insert, dialect)
        return found

    def complete(self, row: Mapping[str, Any]) -> Mapping[str, Any]:
        """The row with the defaults of the columns it leaves out."""
        missing = [key for key in self._defaults if key not in row]
        if not missing:
            return row
        filled = dict(row)
        for key in missing:
            value = self._defaults[key]
            filled[key] = value(None) if callable(value) else value
        return filled

    def grouped(
        self, dialect: Dialect, rows: Sequence[Mapping[str, Any]]
    ) -> list[tuple[Compiled, list[list[Any]]]]:
        """The rows as (statement, values) groups: one group per set of keys."""
        groups: dict[frozenset[str], tuple[Compiled, list[list[Any]]]] = {}
        for raw in rows:
            row = self.complete(raw)
            keys = frozenset(row)
            group = groups.get(keys)
            if group is None:
                group = groups[keys] = (self.statement(dialect, keys, False), [])
            group[1].append(group[0].args(row))
        return list(groups.values())


def table_of(model: type[Any]) -> sa.Table:
    """The table an ORM model maps (typed as one, for the inserts below)."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


_TABLE_INSERTS: dict[sa.Table, TableInsert] = {}


def table_insert(table: sa.Table) -> TableInsert:
    """The one `TableInsert` of a table (its compiled statements are kept between calls)."""
    found = _TABLE_INSERTS.get(table)
    if found is None:
        found = _TABLE_INSERTS[table] = TableInsert(table)
    return found
