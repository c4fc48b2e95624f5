"""Pulled reports and the call-attempt rows they are built from: every query lives here.

`attempt_rows` is the one function that reads call attempts. Until the outbound tables
are on main it reads `report_attempts`, a table of the same shape (one row per dial
attempt); pointing reports at the outbound module means changing this one query. Rows are
streamed from the database in batches (`yield_per`), never loaded all at once.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

from flowhooks.reports.columns import AttemptRow
from flowhooks.reports.request import ReportRequest
from flowhooks.store.base import Base, BigId, as_utc, utcnow
from flowhooks.store.database import Database

STATES = ("QUEUED", "BUILDING", "DELIVERING", "RETRYING", "DELIVERED", "READY", "FAILED")
FINAL_STATES = frozenset({"DELIVERED", "READY", "FAILED"})


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (sa.Index("ix_reports_account_created", "account_id", "created_at"),)

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    request: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    format: Mapped[str] = mapped_column(sa.String(10))
    state: Mapped[str] = mapped_column(sa.String(12))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    rows: Mapped[int | None] = mapped_column(sa.Integer)
    file_path: Mapped[str | None] = mapped_column(sa.String(500))
    destination: Mapped[str | None] = mapped_column(sa.String(300))
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    def public_view(self) -> dict[str, Any]:
        return {
            "reportID": self.id,
            "accountID": self.account_id,
            "state": self.state,
            "format": self.format,
            "request": self.request,
            "attempts": self.attempts,
            "rows": self.rows,
            "destination": self.destination,
            "error": self.error,
            "createdAt": as_utc(self.created_at).isoformat(),
            "updatedAt": as_utc(self.updated_at).isoformat(),
            "finishedAt": as_utc(self.finished_at).isoformat() if self.finished_at else None,
        }


class ReportAttemptRow(Base):
    """One dial attempt of an outbound call, as reports read it."""

    __tablename__ = "report_attempts"
    __table_args__ = (
        sa.Index("ix_report_attempts_uuid", "account_id", "phonon_uuid", "attempt"),
        sa.Index("ix_report_attempts_flow_time", "account_id", "flow_id", "start_time"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    phonon_uuid: Mapped[str] = mapped_column(sa.String(64))
    flow_id: Mapped[str] = mapped_column(sa.String(16))
    client_identifier: Mapped[str | None] = mapped_column(sa.String(200))
    attempt: Mapped[int] = mapped_column(sa.Integer)
    contact_number: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(12))
    start_time: Mapped[datetime | None]
    connect_time: Mapped[datetime | None]
    end_time: Mapped[datetime | None]
    duration_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    hangup_cause: Mapped[str | None] = mapped_column(sa.String(100))
    recording_url: Mapped[str | None] = mapped_column(sa.String(1000))


def new_report_id() -> str:
    """An unguessable report ID (it appears in URLs)."""
    return "rpt_" + secrets.token_hex(12)


async def create(session: AsyncSession, account_id: int, request: ReportRequest) -> ReportRow:
    now = utcnow()
    row = ReportRow(
        id=new_report_id(),
        account_id=account_id,
        request=request.to_json(),
        format=request.format.value,
        state="QUEUED",
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, report_id: str) -> ReportRow | None:
    return await session.get(ReportRow, report_id)


async def update(db: Database, report_id: str, **values: Any) -> None:
    """Change a report's state or details in its own short transaction."""
    values["updated_at"] = utcnow()
    if values.get("state") in FINAL_STATES:
        values["finished_at"] = values["updated_at"]
    async with db.session() as session:
        await session.execute(
            sa.update(ReportRow).where(ReportRow.id == report_id).values(**values)
        )


def _attempt(row: ReportAttemptRow) -> AttemptRow:
    def utc(value: datetime | None) -> datetime | None:
        return as_utc(value) if value is not None else None

    return AttemptRow(
        phonon_uuid=row.phonon_uuid,
        flow_id=row.flow_id,
        attempt=row.attempt,
        contact_number=row.contact_number,
        status=row.status,
        client_identifier=row.client_identifier,
        start_time=utc(row.start_time),
        connect_time=utc(row.connect_time),
        end_time=utc(row.end_time),
        duration_seconds=row.duration_seconds,
        hangup_cause=row.hangup_cause,
        recording_url=row.recording_url,
    )


async def attempt_rows(
    db: Database, account_id: int, request: ReportRequest, *, batch: int = 1000
) -> AsyncIterator[AttemptRow]:
    """The report's call attempts, ordered by call then attempt, streamed in batches."""
    t = ReportAttemptRow
    query = sa.select(t).where(t.account_id == account_id)
    if request.phonon_uuids:
        query = query.where(t.phonon_uuid.in_(request.phonon_uuids))
    else:
        query = query.where(
            t.flow_id == request.flow_id,
            t.start_time >= request.from_time,
            t.start_time <= request.to_time,
        )
    if request.fetch == "LAST":
        later = aliased(t)
        query = query.where(
            ~sa.exists().where(
                later.account_id == t.account_id,
                later.phonon_uuid == t.phonon_uuid,
                later.attempt > t.attempt,
            )
        )
    query = query.order_by(t.phonon_uuid, t.attempt).execution_options(yield_per=batch)
    async with db.read() as session:
        result = await session.stream_scalars(query)
        async for row in result:
            yield _attempt(row)


async def add_attempts(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert call-attempt rows (the outbound side's write path, and tests')."""
    if rows:
        await session.execute(sa.insert(ReportAttemptRow), rows)
