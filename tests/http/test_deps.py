"""An account's IP allow-list holds on every door that acts for the account, and cannot be
talked around with X-Forwarded-For unless the deployment says a proxy sets it.

The basic case (a webhook from outside the list is 403 IP_NOT_ALLOWED) is in
test_front.py, the outbound create API's in tests/http/routes/test_outbound.py.
"""

from __future__ import annotations

import base64

import httpx

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import envelope

FETCH = envelope(
    "fetchUserPreferences", {"contactNumber": "9812345678", "accountID": "1"}, "$user.syskey."
)
OUTSIDER = ("192.0.2.7", 4000)
INSIDER = ("10.1.2.3", 4000)


async def _allow_only_10_1(client: httpx.AsyncClient) -> None:
    change = {"settings": {"webhooks": {"ip_allowlist": ["10.1.0.0/16"]}}}
    response = await client.patch("/api/v1/accounts/1", json=change, headers=ADMIN)
    assert response.status_code == 200, response.text


async def test_x_forwarded_for_is_ignored_unless_trusted(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """An outsider claiming an allowed address in X-Forwarded-For is still refused."""
    await _allow_only_10_1(client)
    application = await app_factory()
    spoofed = {"X-Forwarded-For": "10.1.2.3"}
    async with client_for(application, client_addr=OUTSIDER) as outsider:
        response = await outsider.post("/webhook", json=FETCH, headers=spoofed)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "IP_NOT_ALLOWED"


async def test_behind_a_trusted_proxy_the_forwarded_client_is_checked(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """With trust_forwarded_for, the first X-Forwarded-For address is the one checked."""
    await _allow_only_10_1(client)
    application = await app_factory(trust_forwarded_for=True)
    proxy = ("127.0.0.1", 4000)
    async with client_for(application, client_addr=proxy) as via_proxy:
        inside = await via_proxy.post(
            "/webhook", json=FETCH, headers={"X-Forwarded-For": "10.1.2.3, 127.0.0.1"}
        )
        outside = await via_proxy.post(
            "/webhook", json=FETCH, headers={"X-Forwarded-For": "192.0.2.7, 10.1.2.3"}
        )
    assert inside.status_code == 200, inside.text
    assert outside.status_code == 403


async def test_basic_credentials_do_not_bypass_the_list(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """Right Basic credentials from outside the list are still refused."""
    await client.patch(
        "/api/v1/accounts/1",
        json={"basicUsername": "bank", "basicPassword": "allow-list-pass-1"},
        headers=ADMIN,
    )
    await _allow_only_10_1(client)
    application = await app_factory(webhook_auth="basic")
    basic = {"Authorization": "Basic " + base64.b64encode(b"bank:allow-list-pass-1").decode()}
    body = {"method": "fetchUserPreferences", "keys": FETCH["keys"][:1]}
    async with client_for(application, client_addr=OUTSIDER) as outsider:
        refused = await outsider.post("/webhook", json=body, headers=basic)
    async with client_for(application, client_addr=INSIDER) as insider:
        allowed = await insider.post("/webhook", json=body, headers=basic)
    assert refused.status_code == 403
    assert allowed.status_code == 200, allowed.text


async def test_the_outbound_pull_api_checks_the_list(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """The pull API, like create, answers 401 IP_NOT_WHITELISTED to an outsider."""
    await _allow_only_10_1(client)
    application = await app_factory()
    body = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "DEMOFLOW",
        "phonon-uuids": ["0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b"],
        "fetch-attempt": "ALL",
    }
    async with client_for(application, client_addr=OUTSIDER) as outsider:
        response = await outsider.post("/kairos-apis/outbound/pull", json=body)
    assert response.status_code == 403
    assert response.json()["api-response-code"] == 401
