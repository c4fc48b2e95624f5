"""The invocation log: one row per webhook call, inputs already redacted, and its queries.

Rows are written by a BatchWriter (store/batch_writer.py); the admin API, the console and
its overview read them through the functions below.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class InvocationQuery:
    """Which invocations to list, newest first: every filter optional."""

    account_id: int | None = None
    method: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100


async def search(session: AsyncSession, query: InvocationQuery) -> list[InvocationRow]:
    """The invocations `query` asks for, newest first, at most `query.limit` of them."""
    select = sa.select(InvocationRow).order_by(InvocationRow.id.desc()).limit(query.limit)
    if query.account_id is not None:
        select = select.where(InvocationRow.account_id == query.account_id)
    if query.method:
        select = select.where(InvocationRow.method == query.method)
    if query.status:
        select = select.where(InvocationRow.status == query.status)
    if query.since is not None:
        select = select.where(InvocationRow.created_at >= query.since)
    if query.until is not None:
        select = select.where(InvocationRow.created_at < query.until)
    return list((await session.scalars(select)).all())


async def by_request_id(session: AsyncSession, request_id: str) -> InvocationRow | None:
    return await session.scalar(
        sa.select(InvocationRow).where(InvocationRow.request_id == request_id)
    )


async def window_rows(
    session: AsyncSession, *, since: datetime, account_id: int | None
) -> list[tuple[Any, ...]]:
    """(method, status, duration_ms, created_at) of every call since `since`."""
    query = sa.select(
        InvocationRow.method,
        InvocationRow.status,
        InvocationRow.duration_ms,
        InvocationRow.created_at,
    ).where(InvocationRow.created_at >= since)
    if account_id is not None:
        query = query.where(InvocationRow.account_id == account_id)
    return [tuple(row) for row in (await session.execute(query)).all()]
