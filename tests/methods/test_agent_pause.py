"""updatePauseStatusForCLI through the real HTTP app: toggle, pause during a call, reasons."""

from __future__ import annotations

import base64

import httpx
import pytest
from fastapi import FastAPI

from tests.agents.fixtures import AGENTS, ASHA, PATH, Clock, call, outputs, pause
from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import FLOW, post_webhook


@pytest.fixture
async def app(app_factory: AppFactory, clock: Clock) -> FastAPI:
    application: FastAPI = await app_factory(clock=clock)
    return application


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


async def test_status_changes_survive_a_new_app(
    app_factory: AppFactory, agents: list[str], clock: Clock
) -> None:
    """States live in the database: another process sees the pause."""
    other = await app_factory(clock=clock)
    async with client_for(other) as second:
        await pause(second, ASHA, "pause")
        listed = (await second.get(AGENTS, headers=ADMIN)).json()["agents"]
    assert {a["cli"]: a["agentStatus"] for a in listed}[ASHA] == "PAUSED"


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
    async with client_for(secured) as c:
        response = await post_webhook(
            c,
            "updatePauseStatusForCLI",
            {"cli": ASHA},
            path=PATH,
            scope=FLOW,
            headers={"Authorization": f"Basic {token}"},
        )
    assert outputs(response)["agentStatus"] == "PAUSED"
