"""The invocation log: one row per webhook call, inputs already redacted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId


class InvocationRow(Base):
    __tablename__ = "invocations"
    __table_args__ = (
        sa.Index("ix_invocations_account_method_time", "account_id", "method", "created_at"),
        sa.Index("ix_invocations_time", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    created_at: Mapped[datetime]
    account_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    method: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    path: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(10))
    http_status: Mapped[int] = mapped_column(sa.Integer)
    error_code: Mapped[str | None] = mapped_column(sa.String(50), nullable=True)
    inputs: Mapped[Any] = mapped_column(sa.JSON)
    outputs: Mapped[Any] = mapped_column(sa.JSON)
    duration_ms: Mapped[float] = mapped_column(sa.Float)
    client_ip: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)


async def recent(
    session: AsyncSession,
    *,
    account_id: int | None = None,
    method: str | None = None,
    status: str | None = None,
    limit: int = 100,
) -> list[InvocationRow]:
    query = sa.select(InvocationRow).order_by(InvocationRow.id.desc()).limit(limit)
    if account_id is not None:
        query = query.where(InvocationRow.account_id == account_id)
    if method:
        query = query.where(InvocationRow.method == method)
    if status:
        query = query.where(InvocationRow.status == status)
    return list((await session.scalars(query)).all())


async def by_request_id(session: AsyncSession, request_id: str) -> InvocationRow | None:
    return await session.scalar(
        sa.select(InvocationRow).where(InvocationRow.request_id == request_id)
    )
