"""/api/v1/accounts/{id}/agents and /agent-breaks: register, list, remove, allocate, release,
and the break report, through the real HTTP app behind the admin token."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.agents.fixtures import AGENTS, ASHA, MEERA, RAVI, Clock, pause
from tests.conftest import ADMIN, AppFactory


@pytest.fixture
async def app(app_factory: AppFactory, clock: Clock) -> FastAPI:
    application: FastAPI = await app_factory(clock=clock)
    return application


async def test_break_report_through_the_api(
    client: httpx.AsyncClient, agents: list[str], clock: Clock
) -> None:
    """The break report gives each agent's paused seconds, breaks and reasons per local day."""
    await pause(client, ASHA, "pause", pauseReason="TEA")
    clock.advance(15)
    await pause(client, ASHA, "unpause")
    clock.advance(60)
    await pause(client, ASHA, "pause", pauseReason="LUNCH")
    clock.advance(30)
    response = await client.get(
        "/api/v1/accounts/1/agent-breaks",
        params={"from": "2026-11-02", "to": "2026-11-02", "cli": "09979746666"},
        headers=ADMIN,
    )
    assert response.status_code == 200, response.text
    (agent,) = response.json()["agents"]
    assert agent["cli"] == ASHA
    assert agent["days"] == [
        {
            "day": "2026-11-02",
            "pausedSeconds": 45 * 60,
            "breaks": 2,
            "byReason": {"LUNCH": 30 * 60, "TEA": 15 * 60},
        }
    ]
    everyone = await client.get(
        "/api/v1/accounts/1/agent-breaks",
        params={"from": "2026-11-01", "to": "2026-11-02"},
        headers=ADMIN,
    )
    days = {a["cli"]: a["days"] for a in everyone.json()["agents"]}
    assert days == {ASHA: agent["days"], RAVI: [], MEERA: []}


async def test_admin_api_adds_lists_and_removes_agents(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """Agents are unique per account, listed with their state, and removable."""
    again = await client.post(AGENTS, json={"cli": "09979746666", "name": "Dup"}, headers=ADMIN)
    assert again.status_code == 409
    bad = await client.post(AGENTS, json={"cli": "12", "name": "X"}, headers=ADMIN)
    assert bad.status_code == 422
    listed = (await client.get(AGENTS, headers=ADMIN)).json()["agents"]
    assert [a["cli"] for a in listed] == sorted([ASHA, RAVI, MEERA])
    assert listed[0]["agentStatus"] == "AVAILABLE"
    removed = await client.delete(f"{AGENTS}/{RAVI}", headers=ADMIN)
    assert removed.status_code == 204
    gone = await client.delete(f"{AGENTS}/{RAVI}", headers=ADMIN)
    assert gone.json()["error"]["code"] == "AGENT_NOT_FOUND"
    assert (await client.get(AGENTS)).status_code == 401


async def test_dialer_allocates_and_releases_through_the_api(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """The dialer's API allocates the longest-idle agent and releases it."""
    allocated: dict[str, Any] = (await client.post(f"{AGENTS}/allocate", headers=ADMIN)).json()
    assert allocated["allocated"] is True
    assert allocated["agent"]["cli"] == ASHA
    assert allocated["agent"]["agentStatus"] == "ON_CALL"
    released = await client.post(f"{AGENTS}/{ASHA}/release", headers=ADMIN)
    assert released.json()["agentStatus"] == "AVAILABLE"
