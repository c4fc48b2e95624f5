"""Per-contact key/value memory ($user.key.*): every query of user preferences lives here.

One row per (contact, key): concurrent updates of different keys touch different rows and
both survive; updates of one contact are serialised by locking its contact row.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, utcnow


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
