"""allocateAgent and releaseAgent through the real HTTP app."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.agents.fixtures import ASHA, MEERA, RAVI, Clock, call, outputs, pause
from tests.conftest import AppFactory


@pytest.fixture
async def app(app_factory: AppFactory, clock: Clock) -> FastAPI:
    application: FastAPI = await app_factory(clock=clock)
    return application


async def test_allocation_takes_the_longest_idle_and_skips_paused(
    client: httpx.AsyncClient, agents: list[str], clock: Clock
) -> None:
    """Allocation gives the longest-idle available agent, never a paused or busy one."""
    await pause(client, ASHA, "pause")
    first = outputs(await call(client, "allocateAgent"))
    assert first["agentCli"] == RAVI
    clock.advance(1)
    second = outputs(await call(client, "allocateAgent"))
    assert second["agentCli"] == MEERA
    none_left = outputs(await call(client, "allocateAgent"))
    assert none_left["agentFound"] == "false"
    clock.advance(1)
    await call(client, "releaseAgent", cli=MEERA)
    clock.advance(1)
    await call(client, "releaseAgent", cli=RAVI)
    clock.advance(1)
    await pause(client, ASHA, "unpause")
    order = [outputs(await call(client, "allocateAgent"))["agentCli"] for _ in range(3)]
    assert order == [MEERA, RAVI, ASHA]
