"""Fixtures of the outbound suite (a pytest plugin listed in tests/conftest.py): the fake
dialer and the fake Exotel on 127.0.0.1, and demo account 1 on the real app with flow
DEMOFLOW on the fake dialer, its clock and its dispatcher run by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from tests.conftest import ADMIN, AppFactory, client_for
from tests.outbound.outbound_fakes import (
    FakeDialer,
    FakeExotel,
    fake_dialer_server,
    fake_exotel_server,
)
from tests.webhook_calls import post_webhook, variables

WEBHOOK = "/centraloutboundwebhook-v1/prod/"  # the path the IVR posts createOutbound to
DIALER_SECRET = "dialer-secret-for-tests"
EXOTEL_API_KEY = "exotel-api-key-5d1e"
EXOTEL_API_TOKEN = "exotel-api-token-9b3c"


@pytest.fixture
def fake_dialer() -> Iterator[FakeDialer]:
    """A dialer endpoint checking signatures with DIALER_SECRET."""
    with fake_dialer_server(FakeDialer(secret=DIALER_SECRET)) as fake:
        yield fake


@pytest.fixture
def fake_exotel() -> Iterator[FakeExotel]:
    """Exotel's Calls/connect for account sid `acme1` and the test API key and token."""
    fake = FakeExotel(sid="acme1", api_key=EXOTEL_API_KEY, api_token=EXOTEL_API_TOKEN)
    with fake_exotel_server(fake) as served:
        yield served


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client for the dialers under test."""
    async with httpx.AsyncClient() as client:
        yield client


class FakeClock:
    """A settable clock for the app: starts at 10:00 IST (inside default calling hours)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 4, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Outbound:
    """The app under test, its client, clock and the dispatcher to run by hand."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: FakeClock
    dialer: FakeDialer

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    async def dispatch(self) -> int:
        """Run dispatcher rounds until nothing is due; returns calls claimed."""
        total = 0
        while claimed := await self.runtime.dispatcher.run_once():
            total += claimed
        return total

    async def create_flow(self, **fields: Any) -> dict[str, Any]:
        body = {
            "flowId": "DEMOFLOW",
            "dialer": "http",
            "dialerUrl": self.dialer.url,
            "dialerSecret": DIALER_SECRET,
            "callerId": "+918000000000",
        } | fields
        from flowhooks.accounts import demo

        if body["flowId"] == demo.DEMO_FLOW_ID:  # `flowhooks demo` made it: set it up as asked
            path = f"/api/v1/accounts/1/flows/{body.pop('flowId')}"
            response = await self.client.patch(path, json=body, headers=ADMIN)
            assert response.status_code == 200, response.text
        else:
            response = await self.client.post("/api/v1/accounts/1/flows", json=body, headers=ADMIN)
            assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    async def count(self, table: str) -> int:
        async with self.runtime.db.read() as session:
            return int(await session.scalar(sa.text(f"SELECT count(*) FROM {table}")))  # noqa: S608


@pytest.fixture
async def outbound(app_factory: AppFactory, fake_dialer: FakeDialer) -> AsyncIterator[Outbound]:
    """Demo account 1 with flow DEMOFLOW on the fake http dialer; clock at 10:00 IST."""
    from flowhooks.accounts import demo

    clock = FakeClock()
    application = await app_factory(
        clock=clock,
        outbound_dialer_tries=2,
        outbound_dialer_backoff_seconds=0.01,
        outbound_dialer_timeout_seconds=2.0,
        public_base_url="http://testserver",
    )
    await demo.seed(application.state.runtime.db)
    async with client_for(application) as client:
        ob = Outbound(application, client, clock, fake_dialer)
        await ob.create_flow()
        yield ob


async def create_outbound(ob: Outbound, **syskeys: str) -> tuple[int, dict[str, str]]:
    """Post createOutbound for DEMOFLOW (two numbers, two flow keys), `syskeys` replacing any
    of its keys; returns the HTTP status and the answer's variables."""
    keys = {
        "$flow.syskey.securityID": DEMO_SECURITY_ID,
        "$flow.syskey.flowID": "DEMOFLOW",
        "$flow.syskey.delayMinutes": "0",
        "$flow.syskey.contactNumbers": "91997974 6666, 09876543210",
        "$flow.syskey.clientID": "loan-42",
        "$flow.key.customerName": "Asha",
        "$flow.key.amount": "1200",
    } | syskeys
    response = await post_webhook(ob.client, "createOutbound", keys, path=WEBHOOK)
    return response.status_code, variables(response)
