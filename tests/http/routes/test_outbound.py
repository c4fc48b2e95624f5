"""The create API through the real app: every response code; refusals store nothing."""

from __future__ import annotations

from typing import Any

import pytest

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from tests.conftest import ADMIN
from tests.outbound.fixtures import Outbound

CREATE = "/kairos-apis/outbound/create"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api-version": "1.0",
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "DEMOFLOW",
        "calls": [
            {
                "client-identifier": "c1",
                "contact-numbers": ["91997974 6666", "09876543210"],
                "keys": [{"name": "customerName", "value": "Asha"}],
            }
        ],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


async def assert_nothing_stored(ob: Outbound) -> None:
    assert await ob.count("outbound_requests") == 0
    assert await ob.count("outbound_calls") == 0


async def test_200_success_gives_ids(outbound: Outbound) -> None:
    """A valid request is 200 Success with a request ID and a phonon UUID per call."""
    response = await outbound.client.post(CREATE, json=body())
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["api-response-code"] == 200
    assert data["api-response-message"] == "Success"
    assert len(data["request-id"]) == 36
    [detail] = data["call-details"]
    assert detail["client-identifier"] == "c1"
    assert len(detail["phonon-uuid"]) == 36
    assert await outbound.count("outbound_calls") == 1


async def test_201_repeat_within_ten_minutes(outbound: Outbound) -> None:
    """The same request again within 10 minutes is 201 with the first IDs; after, it is new."""
    first = (await outbound.client.post(CREATE, json=body())).json()
    outbound.clock.advance(minutes=9)
    again = await outbound.client.post(CREATE, json=body())
    assert again.status_code == 200
    assert again.json()["api-response-code"] == 201
    assert again.json()["request-id"] == first["request-id"]
    assert again.json()["call-details"] == first["call-details"]
    assert await outbound.count("outbound_calls") == 1
    outbound.clock.advance(minutes=2)
    later = (await outbound.client.post(CREATE, json=body())).json()
    assert later["api-response-code"] == 200
    assert later["request-id"] != first["request-id"]


@pytest.mark.parametrize(
    ("overrides", "code", "http"),
    [
        ({"security-id": "x" * 64}, 202, 401),
        ({"api-version": "2.0"}, 203, 422),
        ({"calls": [{"contact-numbers": ["12345"]}]}, 205, 422),
        ({"flow-id": None}, 210, 422),
        ({"calls": [{"client-identifier": "no numbers"}]}, 210, 422),
        ({"flow-id": "NOSUCHFL"}, 301, 404),
        ({"calls": []}, 302, 422),
        ({"calls": [{"contact-numbers": ["9979746666"]}] * 501}, 303, 422),
        ({"calls": "not a list"}, 400, 400),
    ],
)
async def test_refusals_store_nothing(
    outbound: Outbound, overrides: dict[str, Any], code: int, http: int
) -> None:
    """Each refusal has its contract code and honest HTTP status, and stores nothing."""
    response = await outbound.client.post(CREATE, json=body(**overrides))
    assert response.status_code == http, response.text
    assert response.json()["api-response-code"] == code
    await assert_nothing_stored(outbound)


async def test_malformed_json_is_400(outbound: Outbound) -> None:
    """A body that is not JSON is 400 INVALID_FORMAT."""
    response = await outbound.client.post(CREATE, content=b"{not json")
    assert response.status_code == 400
    assert response.json()["api-response-code"] == 400
    await assert_nothing_stored(outbound)


async def test_209_partial_success(outbound: Outbound) -> None:
    """Good and bad calls together: 209, the good ones stored, the bad ones explained."""
    calls = [
        {"client-identifier": "good", "contact-numbers": ["9979746666"]},
        {"client-identifier": "bad", "contact-numbers": ["555"]},
    ]
    response = await outbound.client.post(CREATE, json=body(calls=calls))
    data = response.json()
    assert data["api-response-code"] == 209
    good, bad = data["call-details"]
    assert good["phonon-uuid"]
    assert bad["phonon-uuid"] is None
    assert bad["api-response-code"] == 205
    assert await outbound.count("outbound_calls") == 1


async def test_401_ip_not_whitelisted(outbound: Outbound) -> None:
    """A client outside the account's IP allow-list is 401 IP_NOT_WHITELISTED."""
    change = {"settings": {"webhooks": {"ip_allowlist": ["10.0.0.0/8"]}}}
    patched = await outbound.client.patch("/api/v1/accounts/1", json=change, headers=ADMIN)
    assert patched.status_code == 200, patched.text
    response = await outbound.client.post(CREATE, json=body())
    assert response.json()["api-response-code"] == 401
    assert response.status_code == 403
    await assert_nothing_stored(outbound)


async def test_inactive_flow_is_301(outbound: Outbound) -> None:
    """A deactivated flow takes no new calls (301)."""
    await outbound.client.patch(
        "/api/v1/accounts/1/flows/DEMOFLOW", json={"active": False}, headers=ADMIN
    )
    response = await outbound.client.post(CREATE, json=body())
    assert response.json()["api-response-code"] == 301


async def test_500_failure_when_database_is_down(app_factory: Any) -> None:
    """With the database unreachable the answer is 500 FAILURE (retry after 1 s), not a crash."""
    from tests.conftest import client_for

    application = await app_factory(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    async with client_for(application) as client:
        response = await client.post(CREATE, json=body())
    assert response.status_code == 500
    assert response.json()["api-response-code"] == 500
    assert response.headers["retry-after"] == "1"
