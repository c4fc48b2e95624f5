"""Per-contact key/value memory ($user.key.*): every query of user preferences lives here.

One row per (contact, key): concurrent updates of different keys touch different rows and
both survive; updates of one contact are serialised by locking its contact row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, utcnow
from flowhooks.store.database import Database
from flowhooks.store.fast.statements import Statement


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


VALUES_BY_NUMBER = Statement.of(
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


async def fetch_values(db: Database, account_id: int, number: str) -> dict[str, str] | None:
    """Every value of a contact in one statement (the hot read); None for an unknown contact."""
    rows = await db.fast.fetch(VALUES_BY_NUMBER, {"account_id": account_id, "number": number})
    if not rows:
        return None
    return {row[1]: row[2] for row in rows if row[1] is not None}


def _contact_touch(insert: Any) -> Any:
    """Create-or-touch the contact (`insert`: the dialect's own insert).

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
    )


def _contact_upsert(insert: Any) -> Any:
    """Create-or-touch the contact, answering its id."""
    return _contact_touch(insert).returning(ContactRow.id)


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


CONTACT_UPSERT = Statement.upsert(_contact_upsert)
CONTACT_TOUCH = Statement.upsert(_contact_touch)
CONTACT_IDS = Statement.of(
    sa.select(ContactRow.number, ContactRow.id).where(
        ContactRow.account_id == sa.bindparam("account_id")
    )
)
VALUE_UPSERT = Statement.upsert(_value_upsert)
VALUE_DELETE = Statement.of(
    sa.delete(ContactValueRow).where(
        ContactValueRow.contact_id == sa.bindparam("contact_id"),
        ContactValueRow.name == sa.bindparam("name"),
    )
)
VALUES_OF = Statement.of(
    sa.select(ContactValueRow.name, ContactValueRow.value)
    .where(ContactValueRow.contact_id == sa.bindparam("contact_id"))
    .order_by(ContactValueRow.name)
)


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
    It is the hot write of a live call: a few prepared statements on the fast path.
    """
    async with db.fast.transaction() as tx:
        now = utcnow()
        contact = {"account_id": account_id, "number": number, "now": now}
        contact_id = await tx.scalar(CONTACT_UPSERT, contact)
        await tx.execute_many(
            VALUE_DELETE, [{"contact_id": contact_id, "name": name} for name in delete]
        )
        await tx.execute_many(
            VALUE_UPSERT,
            [
                {"contact_id": contact_id, "name": name, "value": value, "now": now}
                for name, value in store.items()
            ],
        )
        rows = await tx.fetch(VALUES_OF, {"contact_id": contact_id})
        values = {row[0]: row[1] for row in rows}
        check(values)  # raising inside the transaction rolls the whole update back
    return values


async def import_values(
    db: Database, account_id: int, contacts: Mapping[str, Mapping[str, str]]
) -> None:
    """Store many contacts' values (E.164 number -> name -> value) in one transaction: the
    migration's bulk path, three batched statements whatever the number of contacts. A value
    replaces the stored one of the same name; other stored values stay."""
    async with db.fast.transaction() as tx:
        now = utcnow()
        await tx.execute_many(
            CONTACT_TOUCH,
            [{"account_id": account_id, "number": number, "now": now} for number in contacts],
        )
        ids = {row[0]: row[1] for row in await tx.fetch(CONTACT_IDS, {"account_id": account_id})}
        await tx.execute_many(
            VALUE_UPSERT,
            [
                {"contact_id": ids[number], "name": name, "value": value, "now": now}
                for number, values in contacts.items()
                for name, value in values.items()
            ],
        )


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
