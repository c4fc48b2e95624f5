"""`serve` with FLOWHOOKS_EMBEDDED_WORKER=false: no background work, but its own warm-ups.

In the scaled deployment the servers answer the callers and `flowhooks worker` processes do
the background work. The warm-ups (dateparser, holidays, language models) are not background
work: without them the first caller of each server waits a second or more. They used to
run only with the embedded worker.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from flowhooks.http.app import create_app
from flowhooks.jobs.worker import JobWorker
from flowhooks.outbound.dispatcher import Dispatcher
from flowhooks.settings import Settings


async def test_a_server_without_the_embedded_worker_warms_up_and_runs_no_jobs(
    tmp_path: Path,
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        embedded_worker=False,
        data_dir=str(tmp_path / "data"),
    )
    application = create_app(settings)
    runtime = application.state.runtime
    async with application.router.lifespan_context(application):
        warm_up = runtime.calendar_warmup
        for _ in range(200):
            if warm_up.done:
                break
            await asyncio.sleep(0.05)
        assert warm_up.done, "the calendar warm-up did not run in a server without the worker"
        running = {type(service) for service in runtime.services}
        assert {JobWorker, Dispatcher} <= running  # installed, not started
        started = [task.get_coro().__qualname__ for task in runtime._tasks]
        assert not any(name.startswith(("JobWorker", "Dispatcher")) for name in started)
