"""Operations endpoints: readiness waits for the warm-ups."""

from __future__ import annotations

import asyncio

import httpx

from flowhooks.runtime import Runtime
from tests.conftest import AppFactory, client_for


class SlowWarmUp:
    """A warm-up that ends when the test says so."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        await self.release.wait()


async def test_readyz_answers_503_until_the_warm_ups_are_done(app_factory: AppFactory) -> None:
    """A process whose models are still being built is not ready: calls served meanwhile
    share the CPU with the warm-up thread, so a load balancer should wait (Retry-After)."""
    application = await app_factory()
    runtime: Runtime = application.state.runtime
    warm_up = SlowWarmUp()
    await runtime.stop()
    runtime.warmups[:] = [warm_up]
    await runtime.start(background=False, warm_up=True)
    async with client_for(application) as client:
        warming = await client.get("/readyz")
        assert warming.status_code == 503
        assert warming.headers["retry-after"] == "1"
        assert warming.json()["error"]["code"] == "WARMING_UP"
        assert runtime.warming
        warm_up.release.set()
        await runtime.warmed()
        ready: httpx.Response = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"
