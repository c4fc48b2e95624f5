"""The durable job queue: enqueue, claim with a lease, finish, retry with backoff.

A claim sets `lease_until`; a worker that dies leaves its job to be taken over when the
lease expires, so a handler may run again and must be idempotent (pass the job id on as an
idempotency key to anything outside). On PostgreSQL claims use FOR UPDATE SKIP LOCKED, so
any number of workers share the table; on SQLite the claiming UPDATE runs under BEGIN
IMMEDIATE, which serialises claimers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.store.base import as_utc, utcnow
from flowhooks.store.database import Database
from flowhooks.store.jobs import JobRow


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int


async def enqueue(
    session: AsyncSession,
    *,
    kind: str,
    payload: dict[str, Any],
    run_at: datetime | None = None,
    idempotency_key: str | None = None,
    max_attempts: int = 5,
) -> int | None:
    """Add a job in the caller's transaction; with a key already queued, nothing is added."""
    now = utcnow()
    values = {
        "kind": kind,
        "payload": payload,
        "state": "queued",
        "run_at": run_at or now,
        "attempts": 0,
        "max_attempts": max_attempts,
        "idempotency_key": idempotency_key,
        "created_at": now,
        "updated_at": now,
    }
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(JobRow).values(
        values
    )
    if idempotency_key is not None:
        insert = insert.on_conflict_do_nothing(index_elements=["idempotency_key"])
    result = await session.execute(insert.returning(JobRow.id))
    return result.scalar_one_or_none()


async def claim(
    db: Database, worker: str, *, limit: int = 10, lease: timedelta = timedelta(seconds=60)
) -> list[ClaimedJob]:
    """Take up to `limit` due jobs (or jobs whose lease expired) for this worker."""
    now = utcnow()
    due = sa.or_(
        sa.and_(JobRow.state == "queued", JobRow.run_at <= now),
        sa.and_(JobRow.state == "running", JobRow.lease_until < now),
    )
    candidates = sa.select(JobRow.id).where(due).order_by(JobRow.run_at).limit(limit)
    if db.dialect == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    statement = (
        sa.update(JobRow)
        .where(JobRow.id.in_(candidates.scalar_subquery()))
        .values(
            state="running",
            lease_until=now + lease,
            locked_by=worker,
            attempts=JobRow.attempts + 1,
            updated_at=now,
        )
        .returning(JobRow.id, JobRow.kind, JobRow.payload, JobRow.attempts, JobRow.max_attempts)
    )
    async with db.session() as session:
        rows = (await session.execute(statement)).all()
    return [
        ClaimedJob(r.id, r.kind, dict(r.payload or {}), r.attempts, r.max_attempts) for r in rows
    ]


async def finish(db: Database, job_id: int, worker: str) -> None:
    now = utcnow()
    async with db.session() as session:
        await session.execute(
            sa.update(JobRow)
            .where(JobRow.id == job_id, JobRow.locked_by == worker)
            .values(state="done", finished_at=now, updated_at=now, lease_until=None)
        )


async def fail(db: Database, job: ClaimedJob, worker: str, error: str, *, retry: bool) -> str:
    """Record a failure; retry later with exponential backoff when allowed. Returns the state."""
    now = utcnow()
    again = retry and job.attempts < job.max_attempts
    state = "queued" if again else "failed"
    delay = timedelta(seconds=min(300, 2**job.attempts))
    async with db.session() as session:
        await session.execute(
            sa.update(JobRow)
            .where(JobRow.id == job.id, JobRow.locked_by == worker)
            .values(
                state=state,
                last_error=error[:2000],
                run_at=now + delay if again else JobRow.run_at,
                lease_until=None,
                updated_at=now,
                finished_at=None if again else now,
            )
        )
    return state


async def get(db: Database, job_id: int) -> JobRow | None:
    async with db.read() as session:
        row = await session.get(JobRow, job_id)
        if row is not None:
            row.run_at = as_utc(row.run_at)
        return row
