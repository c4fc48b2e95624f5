"""Per-contact key/value memory ($user.key.*): every query of user preferences lives here.

One row per (contact, key): concurrent updates of different keys touch different rows and
both survive; updates of one contact are serialised by locking its contact row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, utcnow
from flowhooks.store.database import Database
from flowhooks.store.prepared import ordered, postgres_statement, sqlite_converter, sqlite_statement


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "number", name="uq_contacts_account_number"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactValueRow(Base):
    __tablename__ = "contact_values"

    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


_VALUES_BY_NUMBER = (
    sa.select(ContactRow.id, ContactValueRow.name, ContactValueRow.value)
    .select_from(
        sa.outerjoin(
            ContactRow.__table__,
            ContactValueRow.__table__,
            ContactValueRow.contact_id == ContactRow.id,
        )
    )
    .where(
        ContactRow.account_id == sa.bindparam("account_id"),
        ContactRow.number == sa.bindparam("number"),
    )
    .order_by(ContactValueRow.name)
)


_VALUES_BY_NUMBER_SQLITE = sqlite_statement(_VALUES_BY_NUMBER)
_VALUES_BY_NUMBER_PG = postgres_statement(_VALUES_BY_NUMBER)


async def fetch_values(db: Database, account_id: int, number: str) -> dict[str, str] | None:
    """Every value of a contact in one statement (the hot read); None for an unknown contact."""
    params = {"account_id": account_id, "number": number}
    rows: Sequence[Any]
    if db.sqlite_reader is not None:
        rows = db.sqlite_reader.query(
            _VALUES_BY_NUMBER_SQLITE[0], ordered(_VALUES_BY_NUMBER_SQLITE, params)
        )
    else:
        rows = await db.pg_fetch(_VALUES_BY_NUMBER_PG[0], ordered(_VALUES_BY_NUMBER_PG, params))
    if not rows:
        return None
    return {row[1]: row[2] for row in rows if row[1] is not None}


_store_datetime = sqlite_converter(ContactRow.__table__.c.updated_at)


def _contact_upsert(insert: Any) -> Any:
    """Create-or-touch the contact, answering its id (`insert`: the dialect's own insert).

    On PostgreSQL, ON CONFLICT DO UPDATE locks the contact's row, so updates of one contact
    take turns; on SQLite the writer already runs one transaction at a time."""
    statement = insert(ContactRow).values(
        account_id=sa.bindparam("account_id"),
        number=sa.bindparam("number"),
        created_at=sa.bindparam("now"),
        updated_at=sa.bindparam("now"),
    )
    return statement.on_conflict_do_update(
        index_elements=["account_id", "number"],
        set_={"updated_at": statement.excluded.updated_at},
    ).returning(ContactRow.id)


def _value_upsert(insert: Any) -> Any:
    """Store one value of a contact, replacing the one of the same name."""
    statement = insert(ContactValueRow).values(
        contact_id=sa.bindparam("contact_id"),
        name=sa.bindparam("name"),
        value=sa.bindparam("value"),
        updated_at=sa.bindparam("now"),
    )
    return statement.on_conflict_do_update(
        index_elements=["contact_id", "name"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    )


_VALUE_DELETE = sa.delete(ContactValueRow).where(
    ContactValueRow.contact_id == sa.bindparam("contact_id"),
    ContactValueRow.name == sa.bindparam("name"),
)
_VALUES_OF = (
    sa.select(ContactValueRow.name, ContactValueRow.value)
    .where(ContactValueRow.contact_id == sa.bindparam("contact_id"))
    .order_by(ContactValueRow.name)
)

_CONTACT_UPSERT_SQLITE = sqlite_statement(_contact_upsert(sqlite.insert))
_VALUE_UPSERT_SQLITE = sqlite_statement(_value_upsert(sqlite.insert))
_VALUE_DELETE_SQLITE = sqlite_statement(_VALUE_DELETE)
_VALUES_OF_SQLITE = sqlite_statement(_VALUES_OF)
_CONTACT_UPSERT_PG = postgres_statement(_contact_upsert(postgresql.insert))
_VALUE_UPSERT_PG = postgres_statement(_value_upsert(postgresql.insert))
_VALUE_DELETE_PG = postgres_statement(_VALUE_DELETE)
_VALUES_OF_PG = postgres_statement(_VALUES_OF)


CheckValues = Callable[[dict[str, str]], None]


async def update_values(
    db: Database,
    account_id: int,
    number: str,
    store: dict[str, str],
    delete: list[str],
    check: CheckValues,
) -> dict[str, str]:
    """Store and delete a contact's values in one transaction; answer every value now stored.

    `check` sees the values the transaction would leave and raises to roll it all back.
    It is the hot write of a live call: on an SQLite file it runs as prepared statements on
    `db.sqlite_writer`, on PostgreSQL straight on asyncpg (`db.pg_transaction`); only an
    in-memory SQLite database goes through the ORM session.
    """
    if db.sqlite_writer is not None:
        now = _store_datetime(utcnow())

        def work(connection: sqlite3.Connection) -> dict[str, str]:
            params: dict[str, Any] = {"account_id": account_id, "number": number, "now": now}
            sql, _ = _CONTACT_UPSERT_SQLITE
            contact_id = connection.execute(sql, ordered(_CONTACT_UPSERT_SQLITE, params))
            params["contact_id"] = contact_id.fetchone()[0]
            for name in delete:
                connection.execute(
                    _VALUE_DELETE_SQLITE[0],
                    ordered(_VALUE_DELETE_SQLITE, {**params, "name": name}),
                )
            connection.executemany(
                _VALUE_UPSERT_SQLITE[0],
                [
                    ordered(_VALUE_UPSERT_SQLITE, {**params, "name": name, "value": value})
                    for name, value in store.items()
                ],
            )
            rows = connection.execute(_VALUES_OF_SQLITE[0], ordered(_VALUES_OF_SQLITE, params))
            values = {row[0]: row[1] for row in rows}
            check(values)
            return values

        return await db.sqlite_writer.run(work)

    async def pg_work(connection: Any) -> dict[str, str]:
        params: dict[str, Any] = {"account_id": account_id, "number": number, "now": utcnow()}
        params["contact_id"] = await connection.fetchval(
            _CONTACT_UPSERT_PG[0], *ordered(_CONTACT_UPSERT_PG, params)
        )
        if delete:
            await connection.executemany(
                _VALUE_DELETE_PG[0],
                [ordered(_VALUE_DELETE_PG, {**params, "name": name}) for name in delete],
            )
        if store:
            await connection.executemany(
                _VALUE_UPSERT_PG[0],
                [
                    ordered(_VALUE_UPSERT_PG, {**params, "name": name, "value": value})
                    for name, value in store.items()
                ],
            )
        rows = await connection.fetch(_VALUES_OF_PG[0], *ordered(_VALUES_OF_PG, params))
        values = {row[0]: row[1] for row in rows}
        check(values)  # raising inside the transaction rolls the whole update back
        return values

    if db.dialect == "postgresql":
        return await db.pg_transaction(pg_work)
    async with db.session() as session:  # SQLite in memory (tests of other parts)
        contact_id = await lock_contact(session, db.dialect, account_id, number)
        await delete_values(session, contact_id, delete)
        await upsert_values(session, db.dialect, contact_id, store)
        values = await values_of(session, contact_id)
        check(values)
    return values


def _insert(dialect: str) -> type[postgresql.Insert] | type[sqlite.Insert]:
    return postgresql.Insert if dialect == "postgresql" else sqlite.Insert


async def lock_contact(session: AsyncSession, dialect: str, account_id: int, number: str) -> int:
    """The contact's id, creating the contact if needed, with its row locked on PostgreSQL."""
    insert = _insert(dialect)(ContactRow).values(
        account_id=account_id, number=number, created_at=utcnow(), updated_at=utcnow()
    )
    await session.execute(insert.on_conflict_do_nothing(index_elements=["account_id", "number"]))
    query = sa.select(ContactRow.id).where(
        ContactRow.account_id == account_id, ContactRow.number == number
    )
    if dialect == "postgresql":
        query = query.with_for_update()
    contact_id = await session.scalar(query)
    assert contact_id is not None
    return contact_id


async def find_contact(session: AsyncSession, account_id: int, number: str) -> int | None:
    return await session.scalar(
        sa.select(ContactRow.id).where(
            ContactRow.account_id == account_id, ContactRow.number == number
        )
    )


async def values_of(session: AsyncSession, contact_id: int) -> dict[str, str]:
    rows = await session.execute(
        sa.select(ContactValueRow.name, ContactValueRow.value)
        .where(ContactValueRow.contact_id == contact_id)
        .order_by(ContactValueRow.name)
    )
    return {row[0]: row[1] for row in rows}


async def upsert_values(
    session: AsyncSession, dialect: str, contact_id: int, values: dict[str, str]
) -> None:
    if not values:
        return
    now = utcnow()
    insert = _insert(dialect)(ContactValueRow).values(
        [
            {"contact_id": contact_id, "name": k, "value": v, "updated_at": now}
            for k, v in values.items()
        ]
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["contact_id", "name"],
            set_={"value": insert.excluded.value, "updated_at": insert.excluded.updated_at},
        )
    )
    await session.execute(
        sa.update(ContactRow).where(ContactRow.id == contact_id).values(updated_at=now)
    )


async def delete_values(session: AsyncSession, contact_id: int, names: list[str]) -> None:
    if names:
        await session.execute(
            sa.delete(ContactValueRow).where(
                ContactValueRow.contact_id == contact_id, ContactValueRow.name.in_(names)
            )
        )


async def count_values(session: AsyncSession, contact_id: int) -> int:
    count = await session.scalar(
        sa.select(sa.func.count()).where(ContactValueRow.contact_id == contact_id)
    )
    return int(count or 0)


async def erase(session: AsyncSession, account_id: int, number: str) -> bool:
    """Remove a contact and every value it had; True when there was something to erase."""
    contact_id = await find_contact(session, account_id, number)
    if contact_id is None:
        return False
    await session.execute(
        sa.delete(ContactValueRow).where(ContactValueRow.contact_id == contact_id)
    )
    await session.execute(sa.delete(ContactRow).where(ContactRow.id == contact_id))
    return True
