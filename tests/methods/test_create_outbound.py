"""createOutbound through the real HTTP app: allow-lists, refusal variables, call keys and
the invocation row's account, on both databases."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.accounts.demo import DEMO_FLOW_ID, DEMO_SECURITY_ID
from flowhooks.store import outbound as outbound_store
from flowhooks.store.invocations import InvocationRow
from tests.conftest import ADMIN, AppFactory, client_for, flush_invocations
from tests.outbound.fixtures import Outbound, create_outbound
from tests.webhook_calls import envelope, variables

INSIDER = ("10.1.2.3", 4000)
OUTSIDER = ("192.0.2.7", 4000)


def create(**extra: str) -> dict[str, Any]:
    keys = {
        "$flow.syskey.securityID": DEMO_SECURITY_ID,
        "$flow.syskey.flowID": DEMO_FLOW_ID,
        "$flow.syskey.contactNumbers": "9199797 46666",
        **extra,
    }
    return envelope("createOutbound", keys)


async def test_allow_listed_account_creates_from_an_allowed_address_only(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """With an IP allow-list, createOutbound succeeds from an address on it and is refused
    (IP_NOT_WHITELISTED, obdResponseCode 401) from another."""
    change = {"settings": {"webhooks": {"ip_allowlist": ["10.1.0.0/16"]}}}
    response = await client.patch("/api/v1/accounts/1", json=change, headers=ADMIN)
    assert response.status_code == 200, response.text
    application = await app_factory()
    async with client_for(application, client_addr=INSIDER) as insider:
        allowed = await insider.post("/webhook", json=create())
    assert allowed.status_code == 200, allowed.text
    assert variables(allowed.json())["$flow.key.obdResponseCode"] == "200"
    async with client_for(application, client_addr=OUTSIDER) as outsider:
        refused = await outsider.post("/webhook", json=create(clientID="other"))
    assert refused.json()["status"] == "FAILED"
    assert refused.json()["error"]["code"] == "IP_NOT_WHITELISTED"
    assert "192.0.2.7" in refused.json()["error"]["message"]
    assert variables(refused.json())["$flow.key.obdResponseCode"] == "401"


async def test_refusal_carries_obd_response_code_and_message(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """A refused createOutbound sets obdResponseCode / obdResponseMessage as variables."""
    wrong_id = create(**{"$flow.syskey.securityID": "x" * 64})
    got = variables((await client.post("/webhook", json=wrong_id)).json())
    assert got["$flow.key.status"] == "FAILED"
    assert got["$flow.key.errorCode"] == "INVALID_SECURITY_ID"
    assert got["$flow.key.obdResponseCode"] == "202"
    assert got["$flow.key.obdResponseMessage"]
    wrong_flow = create(**{"$flow.syskey.flowID": "NOFLOW"})
    got = variables((await client.post("/webhook", json=wrong_flow)).json())
    assert got["$flow.key.obdResponseCode"] == "301"
    bad_number = create(**{"$flow.syskey.contactNumbers": "12"})
    got = variables((await client.post("/webhook", json=bad_number)).json())
    assert got["$flow.key.obdResponseCode"] == "205"


async def test_account_id_is_not_a_key_of_the_call_and_the_row_names_the_account(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """accountID names the caller's account: it is not passed on as a call variable; a call
    naming no account is logged under the security ID's account."""
    with_account = create(**{"$flow.key.accountID": "1", "$flow.key.customerName": "Asha"})
    answer = (await client.post("/webhook", json=with_account)).json()
    assert answer["status"] == "SUCCESS", answer
    uuid = variables(answer)["$flow.key.obdPhononUUID"]
    async with app.state.runtime.db.read() as session:
        call = await outbound_store.get_call(session, uuid)
    assert call is not None
    assert [pair[0] for pair in call.keys] == ["customerName"]

    plain = (await client.post("/webhook", json=create(clientID="no-account"))).json()
    assert plain["status"] == "SUCCESS", plain
    await flush_invocations(app)
    async with app.state.runtime.db.read() as session:
        rows = (await session.execute(sa.select(InvocationRow.account_id))).scalars().all()
    assert rows
    assert all(account_id == demo_account for account_id in rows)


async def test_create_outbound_refusals(outbound: Outbound) -> None:
    """Wrong security ID, unknown flow, bad number and a too-long delay fail and store nothing."""
    cases = [
        ({"$flow.syskey.securityID": "x" * 64}, 401, "INVALID_SECURITY_ID"),
        ({"$flow.syskey.flowID": "NOSUCHFL"}, 404, "INVALID_FLOW_ID"),
        ({"$flow.syskey.contactNumbers": "12345"}, 422, "INVALID_CONTACT_NUMBER"),
        ({"$flow.syskey.delayMinutes": "43201"}, 422, "INVALID_PARAMETER"),
        ({"$flow.syskey.apiVersion": "2.0"}, 422, "INVALID_API_VERSION"),
    ]
    for syskeys, http, code in cases:
        status, out = await create_outbound(outbound, **syskeys)
        assert (status, out["$flow.key.errorCode"]) == (http, code), out
    assert await outbound.count("outbound_calls") == 0
