"""Seed the outbound tables the reports read: a flow, its calls and their dial attempts.

Rows are written with the outbound store's own models, exactly where the dispatcher and
the dialers' status reports write them, so a report test reads what production reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from flowhooks.store import outbound
from flowhooks.store.base import utcnow
from flowhooks.store.database import Database


@dataclass(frozen=True)
class Attempt:
    """One dial attempt as the dispatcher and the status reports leave it."""

    number: int
    status: str
    start_time: datetime | None
    connect_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    hangup_cause: str | None = None
    recording_url: str | None = None
    contact_number: str = "+919979746666"
    created_at: datetime | None = None


@dataclass(frozen=True)
class Call:
    """A call with its phonon UUID, client identifier and attempts."""

    phonon_uuid: str
    attempts: Sequence[Attempt]
    client_identifier: str = ""


async def add_flow(db: Database, flow_id: str, *, account_id: int = 1) -> int:
    """Create an outbound flow (stored upper-case, as the flows API does); its primary key."""
    async with db.session() as session:
        row = outbound.FlowRow(
            account_id=account_id,
            flow_id=flow_id.upper(),
            dialer_kind="http",
            dialer_url="http://127.0.0.1:9/dial",
            dialer_secret="report-tests",
        )
        session.add(row)
        await session.flush()
        return row.id


async def add_calls(
    db: Database, flow_pk: int, calls: Sequence[Call], *, account_id: int = 1
) -> None:
    """Insert one request holding these calls, and every call's attempts."""
    now = utcnow()
    request_id = f"req-{calls[0].phonon_uuid}"[:36]
    async with db.session() as session:
        await session.execute(
            sa.insert(outbound.RequestRow),
            [
                {
                    "id": request_id,
                    "account_id": account_id,
                    "flow_pk": flow_pk,
                    "fingerprint": request_id,
                    "source": "test",
                    "call_details": [],
                    "created_at": now,
                }
            ],
        )
        await session.execute(
            sa.insert(outbound.CallRow),
            [
                {
                    "phonon_uuid": call.phonon_uuid,
                    "request_id": request_id,
                    "account_id": account_id,
                    "flow_pk": flow_pk,
                    "client_identifier": call.client_identifier,
                    "numbers": ["+919979746666"],
                    "keys": [],
                    "state": "COMPLETED",
                    "due_at": now,
                    "attempt_number": max((a.number for a in call.attempts), default=1),
                    "created_at": now,
                    "updated_at": now,
                }
                for call in calls
            ],
        )
        attempts = [
            {
                "phonon_uuid": call.phonon_uuid,
                "attempt_number": a.number,
                "number": a.contact_number,
                "status": a.status,
                "start_time": a.start_time,
                "connect_time": a.connect_time,
                "end_time": a.end_time,
                "duration": a.duration,
                "hangup_cause": a.hangup_cause,
                "recording_url": a.recording_url,
                "created_at": a.created_at or a.start_time or now,
                "updated_at": now,
            }
            for call in calls
            for a in call.attempts
        ]
        if attempts:
            await session.execute(sa.insert(outbound.AttemptRow), attempts)
