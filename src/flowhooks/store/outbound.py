"""Outbound tables and every query on them: flows, requests, calls, attempts.

A call is a row with its due time and state; the dispatcher claims due rows with a lease
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, BEGIN IMMEDIATE on SQLite), so any number of
processes share the table and a crashed claimer's rows are taken over when the lease
expires. The flow's dialer secret is stored as given because it signs every hand-off;
it never leaves this table except to sign (views show its last 4 characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, utcnow
from flowhooks.store.database import Database
from flowhooks.store.fast.statements import Statement, table_of

SCHEDULED, HANDING_OFF, IN_PROGRESS = "SCHEDULED", "HANDING_OFF", "IN_PROGRESS"


class FlowRow(Base):
    __tablename__ = "outbound_flows"
    __table_args__ = (sa.UniqueConstraint("account_id", "flow_id", name="uq_outbound_flow"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    flow_id: Mapped[str] = mapped_column(sa.String(8))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    dialer_kind: Mapped[str] = mapped_column(sa.String(16))
    dialer_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    dialer_secret: Mapped[str] = mapped_column(sa.String(200))
    dialer_options: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    caller_id: Mapped[str] = mapped_column(sa.String(32), default="")
    max_attempts: Mapped[int] = mapped_column(sa.Integer, default=3)
    retry_gap_seconds: Mapped[int] = mapped_column(sa.Integer, default=1800)
    hours_start: Mapped[str | None] = mapped_column(sa.String(5), nullable=True)
    hours_end: Mapped[str | None] = mapped_column(sa.String(5), nullable=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RequestRow(Base):
    __tablename__ = "outbound_requests"
    __table_args__ = (sa.Index("ix_outbound_requests_fingerprint", "fingerprint", "created_at"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    flow_pk: Mapped[int] = mapped_column(sa.ForeignKey("outbound_flows.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[str] = mapped_column(sa.String(16))
    call_details: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallRow(Base):
    __tablename__ = "outbound_calls"
    __table_args__ = (sa.Index("ix_outbound_calls_state_due", "state", "due_at"),)

    phonon_uuid: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    request_id: Mapped[str] = mapped_column(
        sa.ForeignKey("outbound_requests.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    flow_pk: Mapped[int] = mapped_column(sa.ForeignKey("outbound_flows.id", ondelete="CASCADE"))
    client_identifier: Mapped[str] = mapped_column(sa.String(128), default="")
    numbers: Mapped[list[str]] = mapped_column(sa.JSON)
    keys: Mapped[list[list[str]]] = mapped_column(sa.JSON)
    state: Mapped[str] = mapped_column(sa.String(16), default=SCHEDULED)
    due_at: Mapped[datetime] = mapped_column()
    attempt_number: Mapped[int] = mapped_column(sa.Integer, default=1)
    lease_owner: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AttemptRow(Base):
    __tablename__ = "outbound_attempts"
    __table_args__ = (
        sa.UniqueConstraint("phonon_uuid", "attempt_number", name="uq_outbound_attempt"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    phonon_uuid: Mapped[str] = mapped_column(
        sa.ForeignKey("outbound_calls.phonon_uuid", ondelete="CASCADE")
    )
    attempt_number: Mapped[int] = mapped_column(sa.Integer)
    number: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(16))
    provider_call_id: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    start_time: Mapped[datetime | None] = mapped_column(nullable=True)
    connect_time: Mapped[datetime | None] = mapped_column(nullable=True)
    end_time: Mapped[datetime | None] = mapped_column(nullable=True)
    duration: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    hangup_cause: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    recording_url: Mapped[str | None] = mapped_column(sa.String(2000), nullable=True)
    detail: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- flows ---------------------------------------------------------------------------------


async def find_flow(session: AsyncSession, account_id: int, flow_id: str) -> FlowRow | None:
    """The account's flow with this 8-character id (case-insensitive)."""
    query = sa.select(FlowRow).where(
        FlowRow.account_id == account_id, FlowRow.flow_id == flow_id.strip().upper()
    )
    return await session.scalar(query)


async def flows_of(session: AsyncSession, account_id: int | None = None) -> list[FlowRow]:
    """Every flow, or an account's, by account then flow id."""
    query = sa.select(FlowRow).order_by(FlowRow.account_id, FlowRow.flow_id)
    if account_id is not None:
        query = query.where(FlowRow.account_id == account_id)
    return list((await session.scalars(query)).all())


# --- requests and calls ----------------------------------------------------------------------


# The first twin comes first; a repeat is never stored, so few rows share a fingerprint.
REPEAT = Statement.of(
    sa.select(RequestRow.id, RequestRow.call_details)
    .where(
        RequestRow.fingerprint == sa.bindparam("fingerprint"),
        RequestRow.created_at >= sa.bindparam("since"),
    )
    .order_by(RequestRow.created_at)
)
_REQUESTS = table_of(RequestRow)
_CALLS = table_of(CallRow)


async def store_request(
    db: Database,
    request: dict[str, Any],
    calls: Sequence[dict[str, Any]],
    since: datetime,
) -> tuple[str, list[dict[str, Any]]] | None:
    """The first twin's (id, call details) when the request repeats one made after `since`;
    otherwise the request and its calls are inserted and None.

    One transaction on the fast path (createOutbound is a hot path of campaigns),
    serialised on the fingerprint so two simultaneous twins make one request.
    """
    async with db.fast.transaction() as tx:
        await tx.serialize(request["fingerprint"])
        found = await tx.fetch(REPEAT, {"fingerprint": request["fingerprint"], "since": since})
        if found:
            return found[0][0], found[0][1]
        await tx.insert(_REQUESTS, [request])
        await tx.insert(_CALLS, calls)
    return None


async def get_call(
    session: AsyncSession, phonon_uuid: str, *, lock: bool = False
) -> CallRow | None:
    """One call; `lock` takes its row lock (PostgreSQL) for a read-modify-write."""
    query = sa.select(CallRow).where(CallRow.phonon_uuid == phonon_uuid)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def calls_by_uuid(session: AsyncSession, uuids: Sequence[str]) -> list[CallRow]:
    """The calls with these phonon UUIDs (unknown ones are simply absent)."""
    if not uuids:
        return []
    query = sa.select(CallRow).where(CallRow.phonon_uuid.in_(list(uuids)))
    return list((await session.scalars(query)).all())


async def attempts_of(session: AsyncSession, uuids: Sequence[str]) -> list[AttemptRow]:
    """Every attempt of these calls, by call then attempt number."""
    if not uuids:
        return []
    query = (
        sa.select(AttemptRow)
        .where(AttemptRow.phonon_uuid.in_(list(uuids)))
        .order_by(AttemptRow.phonon_uuid, AttemptRow.attempt_number)
    )
    return list((await session.scalars(query)).all())


async def get_attempt(
    session: AsyncSession, phonon_uuid: str, attempt_number: int
) -> AttemptRow | None:
    query = sa.select(AttemptRow).where(
        AttemptRow.phonon_uuid == phonon_uuid, AttemptRow.attempt_number == attempt_number
    )
    return await session.scalar(query)


# --- dispatch claims -------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """A call this worker now holds: its id and the state it was claimed from."""

    phonon_uuid: str
    previous_state: str


async def claim_due(
    session: AsyncSession,
    dialect: str,
    worker: str,
    now: datetime,
    *,
    limit: int,
    lease: timedelta,
) -> list[Claimed]:
    """Take up to `limit` calls that are due, or whose holder's lease expired."""
    due = sa.or_(
        sa.and_(CallRow.state == SCHEDULED, CallRow.due_at <= now),
        sa.and_(CallRow.state.in_((HANDING_OFF, IN_PROGRESS)), CallRow.lease_until < now),
    )
    query = (
        sa.select(CallRow.phonon_uuid, CallRow.state)
        .where(due)
        .order_by(CallRow.due_at)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = (await session.execute(query)).all()
    if not rows:
        return []
    await session.execute(
        sa.update(CallRow)
        .where(CallRow.phonon_uuid.in_([r.phonon_uuid for r in rows]))
        .values(state=HANDING_OFF, lease_owner=worker, lease_until=now + lease, updated_at=now)
    )
    return [Claimed(r.phonon_uuid, r.state) for r in rows]
