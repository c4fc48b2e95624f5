"""The job worker loop: claim due jobs, run their handlers, record the outcome.

Runs inside `flowhooks serve` (embedded default) and in `flowhooks worker` processes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import timedelta

import structlog

from flowhooks.errors import FlowhooksError, ServiceUnavailable
from flowhooks.jobs import queue
from flowhooks.jobs.handlers import HANDLERS, Handler, JobContext
from flowhooks.runtime import Runtime

log = structlog.get_logger("flowhooks.jobs")


class JobWorker:
    """Polls the job table; a claimed job runs under a lease that outlives its timeout."""

    def __init__(
        self,
        runtime: Runtime,
        handlers: Mapping[str, Handler] = HANDLERS,
        *,
        poll_seconds: float = 0.5,
        batch: int = 10,
        lease: timedelta = timedelta(seconds=120),
    ) -> None:
        self.runtime = runtime
        self.handlers = handlers
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.lease = lease

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await self.run_once()
            except ServiceUnavailable as exc:
                log.warning("job_claim_failed", error=exc.message)
                worked = 0
            if not worked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

    async def run_once(self) -> int:
        """Claim and run one batch; returns how many jobs ran."""
        rt = self.runtime
        jobs = await queue.claim(rt.db, rt.worker_id, limit=self.batch, lease=self.lease)
        for job in jobs:
            await self._run(job)
        return len(jobs)

    async def _run(self, job: queue.ClaimedJob) -> None:
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
        except Exception as exc:  # a handler bug must not kill the worker loop
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
