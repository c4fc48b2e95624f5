"""A webhook that names no account acts for its Host's account (webhooks.domains), else for
FLOWHOOKS_DEFAULT_ACCOUNT_ID; and an account may ask for HTTP 200 on every failure."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import FLOW, envelope, variables

PAUSE = envelope(
    "updatePauseStatusForCLI", {"cli": "+91 90000 00001", "pauseStatus": "pause"}, FLOW
)


def validate(date: str) -> dict[str, Any]:
    keys = {"inputDate": date, "referenceTime": "2031-03-01T10:00:00+05:30"}
    return envelope("ValidateDateAndTime", keys, FLOW)


async def _account(client: httpx.AsyncClient, account_id: int, **settings: Any) -> None:
    body = {"id": account_id, "name": f"Company {account_id}", "settings": settings}
    response = await client.post("/api/v1/accounts", json=body, headers=ADMIN)
    assert response.status_code in (200, 201), response.text


async def test_without_a_default_a_call_naming_no_account_is_refused(
    client: httpx.AsyncClient,
) -> None:
    """No default account and no domain: a method that needs an account answers 422."""
    response = await client.post("/webhook", json=PAUSE)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "MISSING_PARAMETER"


async def test_the_default_account_is_used_when_the_call_names_none(
    app_factory: AppFactory, client: httpx.AsyncClient
) -> None:
    """With FLOWHOOKS_DEFAULT_ACCOUNT_ID, a call naming no account acts for that account."""
    await _account(client, 7)
    application = await app_factory(default_account_id=7)
    async with client_for(application) as c:
        response = await c.post("/webhook", json=PAUSE)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "AGENT_NOT_FOUND"


async def test_a_webhook_domain_picks_its_account_and_its_calendar(
    app_factory: AppFactory, client: httpx.AsyncClient
) -> None:
    """A call arriving on an account's webhook domain acts for that account:
    ValidateDateAndTime uses that account's holidays, not the default India calendar."""
    await _account(
        client,
        8,
        webhooks={"domains": ["Hooks.Acme.example"]},
        calendar={"added_holidays": {"2031-03-04": "Founders Day"}},
    )
    application = await app_factory(default_account_id=None)
    async with client_for(application) as acme:
        on_domain = await acme.post(
            "/webhook", json=validate("2031-03-04"), headers={"Host": "hooks.acme.example:443"}
        )
        elsewhere = await acme.post("/webhook", json=validate("2031-03-04"))
    assert on_domain.status_code == 200, on_domain.text
    assert variables(on_domain.json())["$flow.key.holidayName"] == "Founders Day"
    assert variables(elsewhere.json())["$flow.key.holidayName"] == ""


async def test_webhook_domains_are_host_names(client: httpx.AsyncClient) -> None:
    """A webhooks.domains entry that is not a host name is refused naming the setting."""
    body = {"id": 9, "name": "x", "settings": {"webhooks": {"domains": ["not a host"]}}}
    response = await client.post("/api/v1/accounts", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert "domains" in response.text


async def test_failure_status_200_answers_an_unknown_agent_with_http_200(
    client: httpx.AsyncClient,
) -> None:
    """With webhooks.failure_status "200", an unknown agent is HTTP 200 with status FAILED
    and errorCode AGENT_NOT_FOUND; with the default "honest" it is a 404."""
    await _account(client, 10, webhooks={"failure_status": "200"})
    await _account(client, 11)
    keys = [*PAUSE["keys"], {"name": "$flow.key.accountID", "value": "10"}]
    response = await client.post("/webhook", json={"method": PAUSE["method"], "keys": keys})
    assert response.status_code == 200
    got = variables(response.json())
    assert got["$flow.key.status"] == "FAILED"
    assert got["$flow.key.errorCode"] == "AGENT_NOT_FOUND"
    keys = [*PAUSE["keys"], {"name": "$flow.key.accountID", "value": "11"}]
    honest = await client.post("/webhook", json={"method": PAUSE["method"], "keys": keys})
    assert honest.status_code == 404
