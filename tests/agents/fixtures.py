"""Fixtures of the agents' HTTP tests: a hand-moved clock, three registered agents, and the
webhook calls of the agent methods (shared by tests/methods/ and tests/http/routes/).

A test module that uses them overrides `app` with `app_factory(clock=clock)`, so the app
reads the same clock the test moves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.conftest import ADMIN
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
