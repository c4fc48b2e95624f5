"""The job worker: claim due jobs, run their handlers one after the other, record the outcome.

Runs inside `flowhooks serve` (embedded default) and in `flowhooks worker` processes, on the
shared claim-and-poll loop (`jobs.polling`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import structlog

from flowhooks.errors import FlowhooksError
from flowhooks.jobs import queue
from flowhooks.jobs.handlers import HANDLERS, Handler, JobContext
from flowhooks.jobs.polling import ClaimLoop
from flowhooks.runtime import Runtime

log = structlog.get_logger("flowhooks.jobs")


class JobWorker(ClaimLoop[queue.ClaimedJob]):
    """Polls the job table; a claimed job runs under a lease that outlives its timeout."""

    claim_failed_event = "job_claim_failed"
    crash_event = "job_handling_crashed"

    def __init__(
        self,
        runtime: Runtime,
        handlers: Mapping[str, Handler] = HANDLERS,
        *,
        poll_seconds: float = 0.5,
        batch: int = 10,
        lease: timedelta = timedelta(seconds=120),
    ) -> None:
        super().__init__(batch=batch, lease=lease, poll_seconds=poll_seconds, log=log)
        self.runtime = runtime
        self.handlers = handlers

    async def claim(self) -> Sequence[queue.ClaimedJob]:
        rt = self.runtime
        return await queue.claim(rt.db, rt.worker_id, limit=self.batch, lease=self.lease)

    def describe(self, job: queue.ClaimedJob) -> Mapping[str, Any]:
        return {"job_id": job.id, "kind": job.kind}

    async def handle(self, job: queue.ClaimedJob) -> None:
        """Run the job's handler within 80% of the lease; finish, retry or fail the job."""
        rt = self.runtime
        job_log = log.bind(job_id=job.id, kind=job.kind, attempt=job.attempts)
        handler = self.handlers.get(job.kind)
        if handler is None:
            await queue.fail(rt.db, job, rt.worker_id, f"no handler for {job.kind}", retry=False)
            job_log.error("job_unknown_kind")
            return
        ctx = JobContext(runtime=rt, job_id=job.id, attempt=job.attempts, log=job_log)
        try:
            async with asyncio.timeout(self.lease.total_seconds() * 0.8):
                await handler(ctx, job.payload)
        except FlowhooksError as exc:
            state = await queue.fail(rt.db, job, rt.worker_id, exc.message, retry=exc.retryable)
            job_log.warning("job_failed", error=exc.message, state=state)
            return
        except TimeoutError:
            state = await queue.fail(rt.db, job, rt.worker_id, "timed out", retry=True)
            job_log.warning("job_timed_out", state=state)
            return
        except Exception as exc:  # a handler bug fails this attempt; the job is retried
            job_log.exception("job_crashed")
            await queue.fail(rt.db, job, rt.worker_id, f"{type(exc).__name__}: {exc}", retry=True)
            return
        await queue.finish(rt.db, job.id, rt.worker_id)
        job_log.info("job_done")


def install_job_worker(runtime: Runtime) -> None:
    """Add the job worker to the runtime's background services (once)."""
    if runtime.job_worker is None:
        runtime.job_worker = JobWorker(runtime)
        runtime.services.append(runtime.job_worker)
