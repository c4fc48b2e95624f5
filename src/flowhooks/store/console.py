"""The console's tables (admin users, their sessions) and their queries.

The invocations the console shows come from store/invocations.py. Sessions are stored by
the SHA-256 digest of their token, so a leaked database does not hand out live sessions.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, utcnow


class AdminUserRow(Base):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(sa.String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdminSessionRow(Base):
    __tablename__ = "admin_sessions"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("admin_users.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


async def find_user(session: AsyncSession, username: str) -> AdminUserRow | None:
    return await session.scalar(sa.select(AdminUserRow).where(AdminUserRow.username == username))


async def get_user(session: AsyncSession, user_id: int) -> AdminUserRow | None:
    return await session.get(AdminUserRow, user_id)


async def add_session(
    session: AsyncSession, token_hash: str, user_id: int, expires_at: datetime
) -> None:
    session.add(AdminSessionRow(token_hash=token_hash, user_id=user_id, expires_at=expires_at))
    await session.flush()


async def get_session(session: AsyncSession, token_hash: str) -> AdminSessionRow | None:
    return await session.get(AdminSessionRow, token_hash)


async def set_session_account(session: AsyncSession, token_hash: str, account_id: int) -> None:
    await session.execute(
        sa.update(AdminSessionRow)
        .where(AdminSessionRow.token_hash == token_hash)
        .values(account_id=account_id)
    )


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(
        sa.delete(AdminSessionRow).where(AdminSessionRow.token_hash == token_hash)
    )


async def delete_expired_sessions(session: AsyncSession, now: datetime) -> None:
    await session.execute(sa.delete(AdminSessionRow).where(AdminSessionRow.expires_at < now))
