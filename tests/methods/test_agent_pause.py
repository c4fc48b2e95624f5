"""Agents through the real HTTP app: admin API, updatePauseStatusForCLI, allocation, breaks."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.agents import service
from flowhooks.store.database import Database
from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import FLOW, post_webhook, variables

PATH = "/centraloutboundwebhook-v1/prod/"
AGENTS = "/api/v1/accounts/1/agents"
ASHA, RAVI, MEERA = "+919979746666", "+919812345678", "+918888800001"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)  # 10:00 in Kolkata

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def app(app_factory: AppFactory, clock: Clock) -> FastAPI:
    application: FastAPI = await app_factory(clock=clock)
    return application


@pytest.fixture
async def agents(client: httpx.AsyncClient, demo_account: int, clock: Clock) -> list[str]:
    """Three agents registered a minute apart: Asha idles longest."""
    for number, name in ((ASHA, "Asha"), (RAVI, "Ravi"), (MEERA, "Meera")):
        response = await client.post(AGENTS, json={"cli": number, "name": name}, headers=ADMIN)
        assert response.status_code == 201, response.text
        clock.advance(1)
    return [ASHA, RAVI, MEERA]


async def call(client: httpx.AsyncClient, method: str, **keys: str) -> httpx.Response:
    """POST `method` for account 1 with `keys` as $flow.key variables."""
    return await post_webhook(client, method, {**keys, "accountID": "1"}, path=PATH, scope=FLOW)


def outputs(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return variables(response, FLOW)


async def pause(
    client: httpx.AsyncClient, cli: str, status: str = "toggle", **more: str
) -> dict[str, str]:
    return outputs(
        await call(client, "updatePauseStatusForCLI", cli=cli, pauseStatus=status, **more)
    )


async def test_toggle_twice_pauses_then_unpauses(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """Toggling pauses an available agent, and toggling again makes the agent available."""
    first = await pause(client, "099797 46666")
    assert first["cli_pause_update"] == "paused"
    assert first["agentStatus"] == "PAUSED"
    assert first["pendingStatus"] == "NONE"
    second = await pause(client, "+91 99797 46666")
    assert second["cli_pause_update"] == "unpaused"
    assert second["agentStatus"] == "AVAILABLE"


async def test_pause_during_call_is_applied_at_release(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """A pause asked during a call is pending, and the release puts the agent on break."""
    allocated = outputs(await call(client, "allocateAgent"))
    assert allocated["agentCli"] == ASHA
    asked = await pause(client, ASHA, "pause", pauseReason="LUNCH")
    assert asked == {
        "cli_pause_update": "paused",
        "agentStatus": "ON_CALL",
        "pendingStatus": "PAUSED",
        "pauseReason": "LUNCH",
        "status": "SUCCESS",
    }
    released = outputs(await call(client, "releaseAgent", cli=ASHA))
    assert released["agentStatus"] == "PAUSED"
    assert released["pendingStatus"] == "NONE"
    listed = (await client.get(AGENTS, headers=ADMIN)).json()["agents"]
    assert {a["cli"]: a["agentStatus"] for a in listed}[ASHA] == "PAUSED"


async def test_unknown_agent_is_404_agent_not_found(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """A number that is not a registered agent answers 404 AGENT_NOT_FOUND."""
    response = await call(client, "updatePauseStatusForCLI", cli="+919000000000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "AGENT_NOT_FOUND"
    released = await call(client, "releaseAgent", cli="+919000000000")
    assert released.json()["error"]["code"] == "AGENT_NOT_FOUND"


async def test_pause_reason_must_be_an_account_pause_code(
    client: httpx.AsyncClient, agents: list[str]
) -> None:
    """With pause codes set, an unknown reason is a 422 naming pauseReason and the codes."""
    patched = await client.patch(
        "/api/v1/accounts/1",
        json={"settings": {"agents": {"pause_codes": ["LUNCH", "TRAINING"]}}},
        headers=ADMIN,
    )
    assert patched.status_code == 200, patched.text
    refused = await call(
        client, "updatePauseStatusForCLI", cli=ASHA, pauseStatus="pause", pauseReason="smoke"
    )
    assert refused.status_code == 422
    assert "$flow.key.pauseReason" in refused.json()["error"]["message"]
    assert "LUNCH, TRAINING" in refused.json()["error"]["message"]
    accepted = await pause(client, ASHA, "pause", pauseReason="training")
    assert accepted["pauseReason"] == "TRAINING"


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


async def test_concurrent_allocations_never_share_an_agent(db: Database) -> None:
    """Twenty allocations at once over twelve agents give twelve distinct agents, eight misses."""
    from flowhooks.store import agents as store
    from flowhooks.store.accounts import AccountRow

    start = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    async with db.session() as session:
        session.add(
            AccountRow(
                id=7,
                name="Race",
                timezone="Asia/Kolkata",
                settings={},
                created_at=start,
                updated_at=start,
            )
        )
        await session.flush()
        for n in range(12):
            await store.add(
                session, 7, f"+9198000000{n:02d}", f"agent {n}", start + timedelta(seconds=n)
            )

    async def one() -> str | None:
        agent = await service.allocate(db, 7, start + timedelta(minutes=5))
        return agent.number if agent else None

    results = await asyncio.gather(*(one() for _ in range(20)))
    got = [r for r in results if r is not None]
    assert len(got) == 12
    assert len(set(got)) == 12
    assert results.count(None) == 8


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


async def test_status_changes_survive_a_new_app(
    app_factory: AppFactory, agents: list[str], clock: Clock
) -> None:
    """States live in the database: another process sees the pause."""
    other = await app_factory(clock=clock)
    async with client_for(other) as second:
        await pause(second, ASHA, "pause")
        listed = (await second.get(AGENTS, headers=ADMIN)).json()["agents"]
    assert {a["cli"]: a["agentStatus"] for a in listed}[ASHA] == "PAUSED"


async def test_the_same_number_added_twice_at_once_is_one_agent(db: Database) -> None:
    """Two concurrent registrations of one number give one agent and one CONFLICT."""
    from flowhooks.errors import Conflict
    from flowhooks.store import agents as store
    from flowhooks.store.accounts import AccountRow

    start = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    async with db.session() as session:
        session.add(
            AccountRow(
                id=8,
                name="Dup",
                timezone="Asia/Kolkata",
                settings={},
                created_at=start,
                updated_at=start,
            )
        )

    async def one() -> str:
        try:
            async with db.session() as session:
                await store.add(session, 8, ASHA, "Asha", start)
        except Conflict:
            return "conflict"
        return "added"

    assert sorted(await asyncio.gather(one(), one())) == ["added", "conflict"]
    async with db.read() as session:
        assert len(await store.list_of(session, 8)) == 1


async def test_basic_credentials_name_the_account_without_account_id(
    app_factory: AppFactory, client: httpx.AsyncClient, agents: list[str], clock: Clock
) -> None:
    """With Basic auth the agent's account comes from the credentials; no accountID needed."""
    await client.patch(
        "/api/v1/accounts/1",
        json={"basicUsername": "bank", "basicPassword": "s3cret-pass"},
        headers=ADMIN,
    )
    secured = await app_factory(clock=clock, webhook_auth="basic")
    token = base64.b64encode(b"bank:s3cret-pass").decode()
    body = {
        "method": "updatePauseStatusForCLI",
        "keys": [{"name": "$flow.key.cli", "value": ASHA}],
    }
    async with client_for(secured) as c:
        response = await c.post(PATH, json=body, headers={"Authorization": f"Basic {token}"})
    assert outputs(response)["agentStatus"] == "PAUSED"
