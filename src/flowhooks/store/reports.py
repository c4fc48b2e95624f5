"""Pulled reports and the call-attempt rows they are built from: every query lives here.

`attempt_rows` is the one function that reads call attempts: the outbound module's own
`outbound_attempts`, written by the dispatcher and the dialers' status reports, joined to
their call (phonon UUID, account, client identifier) and flow (flow ID). Rows are streamed
from the database in batches (`yield_per`), never loaded all at once.
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
from flowhooks.store import outbound
from flowhooks.store.base import Base, as_utc, utcnow
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


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _attempt(row: sa.Row[Any]) -> AttemptRow:
    return AttemptRow(
        phonon_uuid=row.phonon_uuid,
        flow_id=row.flow_id,
        attempt=row.attempt_number,
        contact_number=row.number,
        status=row.status,
        client_identifier=row.client_identifier or None,
        start_time=_utc(row.start_time),
        connect_time=_utc(row.connect_time),
        end_time=_utc(row.end_time),
        duration_seconds=row.duration,
        hangup_cause=row.hangup_cause,
        recording_url=row.recording_url,
    )


def attempts_query(account_id: int, request: ReportRequest) -> sa.Select[*tuple[Any, ...]]:
    """The SELECT behind a report: attempts joined to their call and flow, filtered."""
    a, call, flow = outbound.AttemptRow, outbound.CallRow, outbound.FlowRow
    query = (
        sa.select(
            call.phonon_uuid,
            call.client_identifier,
            flow.flow_id,
            a.attempt_number,
            a.number,
            a.status,
            a.start_time,
            a.connect_time,
            a.end_time,
            a.duration,
            a.hangup_cause,
            a.recording_url,
        )
        .select_from(a)
        .join(call, call.phonon_uuid == a.phonon_uuid)
        .join(flow, flow.id == call.flow_pk)
        .where(call.account_id == account_id, flow.account_id == account_id)
    )
    if request.phonon_uuids:
        query = query.where(call.phonon_uuid.in_(request.phonon_uuids))
    else:
        # An attempt not started yet (queued, or refused by the dialer before it rang)
        # is placed at the moment its hand-off began.
        began = sa.func.coalesce(a.start_time, a.created_at)
        query = query.where(
            flow.flow_id == (request.flow_id or "").strip().upper(),
            began >= request.from_time,
            began <= request.to_time,
        )
    if request.fetch == "LAST":
        later = aliased(a)
        query = query.where(
            ~sa.exists().where(
                later.phonon_uuid == a.phonon_uuid,
                later.attempt_number > a.attempt_number,
            )
        )
    return query.order_by(call.phonon_uuid, a.attempt_number)


async def attempt_rows(
    db: Database, account_id: int, request: ReportRequest, *, batch: int = 1000
) -> AsyncIterator[AttemptRow]:
    """The report's call attempts, ordered by call then attempt, streamed in batches."""
    query = attempts_query(account_id, request).execution_options(yield_per=batch)
    async with db.read() as session:
        result = await session.stream(query)
        async for row in result:
            yield _attempt(row)
