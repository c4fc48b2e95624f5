"""Small differences from the original platform that broke migrated flows, each pinned."""

from __future__ import annotations

import httpx

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from tests.webhook_calls import envelope, variables

PATH = "/centraloutboundwebhook-v1/prod/"


async def test_pull_api_accepts_fetch_attempt_in_lower_case(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """The pull API takes fetch-attempt "all" as Pullreport takes fetchAttempt "all"."""
    body = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "DEMOFLOW",
        "phonon-uuids": ["0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b"],
        "fetch-attempt": "all",
    }
    response = await client.post("/kairos-apis/outbound/pull", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["api-response-code"] == 200, response.text


async def test_pull_report_for_an_unknown_flow_is_an_error(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """Pullreport for a flow the account does not have is a 404 INVALID_FLOW_ID, not an
    empty report."""
    keys = {
        "$flow.key.flowID": "NOSUCHFL",
        "$flow.key.fromDate": "2026-11-01",
        "$flow.key.toDate": "2026-11-02",
        "$flow.key.accountID": "1",
    }
    response = await client.post("/webhook", json=envelope("Pullreport", keys))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "INVALID_FLOW_ID"
    assert "$flow.key.flowID" in response.json()["error"]["message"]


async def test_contact_with_every_value_deleted_is_not_found(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """fetchUserPreferences answers userFound false once all of a contact's values are
    deleted."""
    contact = {"$user.syskey.contactNumber": "9812345670", "$user.syskey.accountID": "1"}
    stored = await client.post(
        PATH, json=envelope("updateUserPreferences", {**contact, "$user.key.lang": "Hindi"})
    )
    assert stored.status_code == 200, stored.text
    deleted = await client.post(
        PATH, json=envelope("updateUserPreferences", {**contact, "$user.key.lang": None})
    )
    assert deleted.status_code == 200, deleted.text
    fetched = await client.post(PATH, json=envelope("fetchUserPreferences", contact))
    assert variables(fetched.json())["$flow.key.userFound"] == "false"


async def test_iso_basic_dates_parse(client: httpx.AsyncClient) -> None:
    """ValidateDateAndTime and dateCompare read the ISO 8601 basic form 20191209(T1030)."""
    validate = envelope(
        "ValidateDateAndTime",
        {"inputDate": "20191209T1030", "referenceTime": "2019-12-01T10:00:00+05:30"},
    )
    got = variables((await client.post("/webhook", json=validate)).json())
    assert got["$flow.key.status"] == "SUCCESS", got
    assert got["$flow.key.smsDate"] == "9-12-2019"
    compare = envelope("dateCompare", {"date1": "20191209", "date2": "2019-12-11"})
    got = variables((await client.post("/webhook", json=compare)).json())
    assert got["$flow.key.status"] == "SUCCESS", got
