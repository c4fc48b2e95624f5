"""Basic auth is removed from an account by a PATCH with both fields null."""

from __future__ import annotations

import base64

import httpx

from tests.conftest import ADMIN
from tests.webhook_calls import envelope

FETCH = envelope("fetchUserPreferences", {"$user.syskey.contactNumber": "9812345678"})


async def test_patch_with_nulls_removes_basic_auth(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """After basicUsername/basicPassword null, the account has no Basic user and the old
    credentials no longer name it."""
    given = {"basicUsername": "acme-ivr", "basicPassword": "correct-horse-9"}
    response = await client.patch("/api/v1/accounts/1", json=given, headers=ADMIN)
    assert response.status_code == 200, response.text
    basic = "Basic " + base64.b64encode(b"acme-ivr:correct-horse-9").decode()
    before = await client.post("/webhook", json=FETCH, headers={"Authorization": basic})
    assert before.status_code == 200, before.text

    removed = {"basicUsername": None, "basicPassword": None}
    response = await client.patch("/api/v1/accounts/1", json=removed, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.json()["basicUsername"] is None
    after = await client.post("/webhook", json=FETCH, headers={"Authorization": basic})
    assert after.status_code == 401


async def test_patch_with_one_null_and_one_value_is_refused(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """A null user name with a password is refused naming the field."""
    body = {"basicUsername": None, "basicPassword": "correct-horse-9"}
    response = await client.patch("/api/v1/accounts/1", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert "basicUsername" in response.text
