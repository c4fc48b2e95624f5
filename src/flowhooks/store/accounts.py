"""Accounts and their credentials (tokens, security IDs, admin tokens), stored hashed.

Tokens are looked up by their SHA-256 digest (they must be found by value, so a salted
hash would not do); webhook passwords, which are only ever verified, use argon2.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.accounts import Account
from flowhooks.accounts.settings import AccountSettings
from flowhooks.store.base import Base, BigId, utcnow

CREDENTIAL_KINDS = ("cust_token", "security_id", "admin_token")


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(200))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    basic_username: Mapped[str | None] = mapped_column(sa.String(100), nullable=True, unique=True)
    basic_password_hash: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def to_domain(self) -> Account:
        return Account(
            id=self.id,
            name=self.name,
            timezone_name=self.timezone,
            settings=AccountSettings.model_validate(self.settings or {}),
            basic_username=self.basic_username,
            basic_password_hash=self.basic_password_hash,
        )


class CredentialRow(Base):
    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hint: Mapped[str] = mapped_column(sa.String(8))
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def get(session: AsyncSession, account_id: int) -> AccountRow | None:
    return await session.get(AccountRow, account_id)


async def list_all(session: AsyncSession) -> list[AccountRow]:
    return list((await session.scalars(sa.select(AccountRow).order_by(AccountRow.id))).all())


async def add_credential(
    session: AsyncSession, account_id: int | None, kind: str, token: str, label: str = ""
) -> CredentialRow:
    if kind not in CREDENTIAL_KINDS:
        raise ValueError(f"credential kind must be one of {', '.join(CREDENTIAL_KINDS)}")
    row = CredentialRow(
        account_id=account_id,
        kind=kind,
        token_hash=token_digest(token),
        hint=token[-4:],
        label=label,
    )
    session.add(row)
    await session.flush()
    return row


async def find_credential(
    session: AsyncSession, kind: str | None, token: str
) -> CredentialRow | None:
    """The credential with this token, of this kind (or of any kind when kind is None)."""
    query = sa.select(CredentialRow).where(CredentialRow.token_hash == token_digest(token))
    if kind is not None:
        query = query.where(CredentialRow.kind == kind)
    return await session.scalar(query)


async def credentials_of(session: AsyncSession, account_id: int) -> list[CredentialRow]:
    query = sa.select(CredentialRow).where(CredentialRow.account_id == account_id)
    return list((await session.scalars(query.order_by(CredentialRow.id))).all())


async def find_by_basic_user(session: AsyncSession, username: str) -> AccountRow | None:
    return await session.scalar(sa.select(AccountRow).where(AccountRow.basic_username == username))


async def domain_owners(session: AsyncSession, section: str) -> dict[str, int]:
    """Every domain listed in the `domains` of settings section `section` (shortlinks,
    webhooks), mapped to the account that owns it (the lowest id when two list it)."""
    rows = await session.execute(
        sa.select(AccountRow.id, AccountRow.settings).order_by(AccountRow.id)
    )
    owners: dict[str, int] = {}
    for account_id, settings in rows.all():
        for domain in ((settings or {}).get(section) or {}).get("domains") or []:
            owners.setdefault(str(domain), int(account_id))
    return owners
