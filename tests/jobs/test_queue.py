"""The durable job queue: claim once, leases, retries with backoff, takeover after a crash."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from flowhooks.errors import UpstreamError
from flowhooks.jobs import queue
from flowhooks.jobs.handlers import JobContext
from flowhooks.jobs.worker import JobWorker
from flowhooks.methods import REGISTRY
from flowhooks.runtime import Runtime
from flowhooks.settings import Settings
from flowhooks.store.base import utcnow
from flowhooks.store.database import Database
from flowhooks.store.jobs import JobRow


async def add(db: Database, n: int, kind: str = "test.echo", **kw: Any) -> list[int | None]:
    async with db.session() as session:
        return [await queue.enqueue(session, kind=kind, payload={"n": i}, **kw) for i in range(n)]


async def test_concurrent_claimers_never_share_a_job(db: Database) -> None:
    """Four claimers racing over 60 jobs take each job exactly once."""
    await add(db, 60)

    async def claimer(name: str) -> list[int]:
        got: list[int] = []
        while batch := await queue.claim(db, name, limit=5):
            got += [j.id for j in batch]
        return got

    results = await asyncio.gather(*(claimer(f"w{i}") for i in range(4)))
    claimed = [job for result in results for job in result]
    assert len(claimed) == 60
    assert len(set(claimed)) == 60


async def test_future_jobs_wait(db: Database) -> None:
    """A job due later is not claimed now."""
    await add(db, 1, run_at=utcnow() + timedelta(minutes=5))
    assert await queue.claim(db, "w") == []


async def test_idempotency_key_adds_once(db: Database) -> None:
    """Enqueueing the same key twice queues one job."""
    ids = await add(db, 2, idempotency_key="report-42")
    assert ids[0] is not None
    assert ids[1] is None


async def test_expired_lease_is_taken_over(db: Database) -> None:
    """A job whose worker died is claimed again once its lease expires."""
    await add(db, 1)
    first = await queue.claim(db, "dead-worker", lease=timedelta(milliseconds=1))
    await asyncio.sleep(0.05)
    second = await queue.claim(db, "live-worker")
    assert [j.id for j in second] == [first[0].id]
    assert second[0].attempts == 2


async def test_worker_retries_retryable_errors_then_fails(db: Database) -> None:
    """A retryable error is retried with backoff until max_attempts, then the job fails."""
    runtime = Runtime(Settings(database_url=db.url), REGISTRY, db=db)
    calls: list[int] = []

    async def flaky(ctx: JobContext, payload: dict[str, Any]) -> None:
        calls.append(ctx.attempt)
        raise UpstreamError("destination down")

    await add(db, 1, kind="test.flaky", max_attempts=2)
    worker = JobWorker(runtime, {"test.flaky": flaky})
    assert await worker.run_once() == 1
    async with db.session() as session:
        await session.execute(update(JobRow).values(run_at=utcnow()))  # skip the backoff wait
    assert await worker.run_once() == 1
    assert calls == [1, 2]
    assert await worker.run_once() == 0


@pytest.mark.parametrize("outcome", ["done", "failed"])
async def test_worker_records_the_outcome(db: Database, outcome: str) -> None:
    """A handler that returns marks the job done; a permanent error marks it failed."""
    runtime = Runtime(Settings(database_url=db.url), REGISTRY, db=db)

    async def handler(ctx: JobContext, payload: dict[str, Any]) -> None:
        if outcome == "failed":
            from flowhooks.errors import InvalidParameter

            raise InvalidParameter("x", "something else")

    ids = await add(db, 1, kind="test.h")
    await JobWorker(runtime, {"test.h": handler}).run_once()
    assert ids[0] is not None
    row = await queue.get(db, ids[0])
    assert row is not None
    assert row.state == outcome
