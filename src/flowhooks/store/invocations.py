"""The invocation log: one row per webhook call, inputs already redacted, and its queries.

Rows are written by a BatchWriter (store/batch_writer.py); the admin API, the console and
its overview read them through the functions below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks import phones
from flowhooks.store.base import Base, BigId


class InvocationRow(Base):
    __tablename__ = "invocations"
    __table_args__ = (
        sa.Index("ix_invocations_account_method_time", "account_id", "method", "created_at"),
        sa.Index("ix_invocations_time", "created_at"),
        sa.Index("ix_invocations_contact", "contact", "created_at"),
        sa.Index("ix_invocations_flow_id", "flow_id"),
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
    contact: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    flow_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)


CONTACT_NAMES = ("contactnumber", "cli", "callernumber", "mobilenumber", "phonenumber", "msisdn")


def search_columns(variables: Iterable[tuple[str, str | None]] | None) -> dict[str, str | None]:
    """The row's `contact` (E.164) and `flow_id`, read from a call's variables by name.

    The first variable named like a caller's number (contactNumber, cli, ...) that is a valid
    number gives the contact, in that order of names; `flowId` gives the flow ID.
    """
    found: dict[str, str] = {}
    flow_id = None
    for name, value in variables or ():
        if not value:
            continue
        short = name.rsplit(".", 1)[-1].lower()
        if short == "flowid" and flow_id is None:
            flow_id = value[:64]
        elif short in CONTACT_NAMES and short not in found:
            try:
                found[short] = phones.normalize(value)
            except ValueError:
                continue
    contact = next((found[n] for n in CONTACT_NAMES if n in found), None)
    return {"contact": contact, "flow_id": flow_id}


@dataclass(frozen=True, slots=True)
class InvocationQuery:
    """Which invocations to list, newest first: every filter optional.

    `account_id` None means every account; `no_account` keeps only the calls that named no
    account, or one that could not be resolved. `text` is a case-insensitive substring of
    the request id, method, path, error code, inputs or outputs.
    """

    account_id: int | None = None
    no_account: bool = False
    method: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    contact: str | None = None
    flow_id: str | None = None
    error_code: str | None = None
    path: str | None = None
    text: str | None = None
    limit: int = 100
    offset: int = 0


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(query: InvocationQuery) -> list[sa.ColumnElement[bool]]:
    row = InvocationRow
    where: list[sa.ColumnElement[bool]] = []
    if query.no_account:
        where.append(row.account_id.is_(None))
    elif query.account_id is not None:
        where.append(row.account_id == query.account_id)
    exact = (
        (row.method, query.method),
        (row.status, query.status),
        (row.contact, query.contact),
        (row.flow_id, query.flow_id),
        (row.error_code, query.error_code),
        (row.path, query.path),
    )
    where += [column == value for column, value in exact if value]
    if query.since is not None:
        where.append(row.created_at >= query.since)
    if query.until is not None:
        where.append(row.created_at < query.until)
    if query.text:
        pattern = _like(query.text)
        searched = (
            row.request_id,
            row.method,
            row.path,
            row.error_code,
            sa.cast(row.inputs, sa.Text),
            sa.cast(row.outputs, sa.Text),
        )
        where.append(
            sa.or_(*(sa.func.lower(column).like(pattern, escape="\\") for column in searched))
        )
    return where


async def search(session: AsyncSession, query: InvocationQuery) -> list[InvocationRow]:
    """The invocations `query` asks for, newest first: `query.limit` of them from `offset`."""
    select = (
        sa.select(InvocationRow)
        .where(*_where(query))
        .order_by(InvocationRow.id.desc())
        .limit(query.limit)
        .offset(query.offset)
    )
    return list((await session.scalars(select)).all())


async def count(session: AsyncSession, query: InvocationQuery) -> int:
    """How many invocations `query` matches in all (its limit and offset aside)."""
    select = sa.select(sa.func.count()).select_from(InvocationRow).where(*_where(query))
    return int(await session.scalar(select) or 0)


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


async def count_without_account(session: AsyncSession, *, since: datetime) -> tuple[int, int]:
    """(calls, failed calls) since `since` that named no account or an unresolvable one."""
    failed = sa.func.sum(sa.case((InvocationRow.status == "FAILED", 1), else_=0))
    found = await session.execute(
        sa.select(sa.func.count(), failed).where(
            InvocationRow.account_id.is_(None), InvocationRow.created_at >= since
        )
    )
    calls, failures = found.one()
    return int(calls or 0), int(failures or 0)
