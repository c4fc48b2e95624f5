"""The console's tables (admin users, their sessions, saved test cases) and their queries.

The invocations the console shows come from store/invocations.py. Sessions are stored by
the SHA-256 digest of their token, so a leaked database does not hand out live sessions.
A saved test case belongs to one method and one account (or to no account); its name is
unique there, so saving under a name that exists replaces that case's values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


class SavedCaseRow(Base):
    """A named set of test-form values for one method and account (secrets left out)."""

    __tablename__ = "console_test_cases"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "method", "name", name="uq_console_test_cases_name"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True
    )
    method: Mapped[str] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(100))
    values: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _same_account(account_id: int | None) -> sa.ColumnElement[bool]:
    column = SavedCaseRow.account_id
    return column.is_(None) if account_id is None else column == account_id


async def save_case(
    session: AsyncSession, account_id: int | None, method: str, name: str, values: dict[str, Any]
) -> SavedCaseRow:
    """Store the case, replacing the values (and the time) of one saved under that name.

    Looked up first rather than left to the unique constraint, which does not cover the
    cases of no account (NULLs are distinct in SQL).
    """
    row = await session.scalar(
        sa.select(SavedCaseRow).where(
            _same_account(account_id), SavedCaseRow.method == method, SavedCaseRow.name == name
        )
    )
    if row is None:
        row = SavedCaseRow(account_id=account_id, method=method, name=name, values=values)
        session.add(row)
    else:
        row.values = values
        row.created_at = utcnow()
    await session.flush()
    return row


async def list_cases(
    session: AsyncSession, account_id: int | None, method: str
) -> list[SavedCaseRow]:
    """The method's cases for the account, by name."""
    rows = await session.scalars(
        sa.select(SavedCaseRow)
        .where(_same_account(account_id), SavedCaseRow.method == method)
        .order_by(SavedCaseRow.name)
    )
    return list(rows)


async def get_case(
    session: AsyncSession, account_id: int | None, method: str, case_id: int
) -> SavedCaseRow | None:
    """One case, only when it belongs to that account and method."""
    return await session.scalar(
        sa.select(SavedCaseRow).where(
            SavedCaseRow.id == case_id, _same_account(account_id), SavedCaseRow.method == method
        )
    )


async def delete_case(
    session: AsyncSession, account_id: int | None, method: str, case_id: int
) -> bool:
    """Delete the case if it belongs to that account and method; whether one was deleted."""
    result = await session.execute(
        sa.delete(SavedCaseRow).where(
            SavedCaseRow.id == case_id, _same_account(account_id), SavedCaseRow.method == method
        )
    )
    return bool(getattr(result, "rowcount", 0))
