"""The admin API: accounts, tokens and contacts, behind the admin token."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from flowhooks.accounts.demo import DEMO_CUST_TOKEN
from tests.conftest import ADMIN
from tests.secret_scan import SCAN
from tests.webhook_calls import post_webhook

# Doors of /api/v1 that also take an account's custToken (on that account's links only).
CUST_TOKEN_DOORS = "flowhooks.http.routes.shortlinks"


def api_routes(app: FastAPI) -> Iterator[tuple[str, str, str]]:
    """(HTTP method, path template, endpoint module) of every route under /api/v1."""
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path.startswith("/api/v1/"):
            module = getattr(route.endpoint, "__module__", "")
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield method, path, module


def concrete(path: str) -> str:
    """A request path for a template: every {parameter} becomes 1."""
    return re.sub(r"\{[^}]+\}", "1", path)


async def test_every_api_route_refuses_without_credentials(
    client: httpx.AsyncClient, app: FastAPI, demo_account: int
) -> None:
    """Every /api/v1 route, found in the app's routes, is 401 with no, a wrong or a Basic
    credential; only the short-link doors take the demo custToken."""
    routes = list(api_routes(app))
    assert len(routes) >= 30, routes
    refused = [
        {},
        {"Authorization": "Bearer nope-not-a-token"},
        {"Authorization": "Basic " + base64.b64encode(b"admin:test-admin-token").decode()},
        {"X-Admin-Token": "test-admin-token"},
    ]
    cust_token = {"Authorization": f"Bearer {DEMO_CUST_TOKEN}"}
    for method, path, module in routes:
        for headers in refused:
            response = await client.request(method, concrete(path), json={}, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.json()["error"]["code"] == "UNAUTHORIZED"
        if module != CUST_TOKEN_DOORS:
            response = await client.request(method, concrete(path), json={}, headers=cust_token)
            assert response.status_code == 401, (method, path, "custToken", response.text)


async def test_create_show_list_update_an_account(client: httpx.AsyncClient) -> None:
    """An account is created, listed, shown without secrets, and updated."""
    created = await client.post(
        "/api/v1/accounts",
        json={"id": 163, "name": "Fund house", "custToken": "fund-token-1", "securityID": "s" * 64},
        headers=ADMIN,
    )
    assert created.status_code == 201, created.text
    assert created.json()["timezone"] == "Asia/Kolkata"
    listed = (await client.get("/api/v1/accounts", headers=ADMIN)).json()
    assert [a["id"] for a in listed["accounts"]] == [163]
    shown = (await client.get("/api/v1/accounts/163", headers=ADMIN)).json()
    assert {c["kind"] for c in shown["credentials"]} == {"cust_token", "security_id"}
    assert "fund-token-1" not in str(shown)
    updated = await client.patch(
        "/api/v1/accounts/163",
        json={"name": "Fund House Ltd", "timezone": "Asia/Dubai"},
        headers=ADMIN,
    )
    assert updated.json()["name"] == "Fund House Ltd"
    assert updated.json()["timezone"] == "Asia/Dubai"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"id": 0, "name": "x"}, "id"),
        ({"id": 5, "name": "x", "timezone": "Mars/Olympus"}, "timezone"),
        ({"id": 5, "name": "x", "settings": {"nosuch": {}}}, "settings.nosuch"),
        (
            {"id": 5, "name": "x", "settings": {"webhooks": {"ip_allowlist": ["nope"]}}},
            "ip_allowlist",
        ),
        ({"id": 5, "name": "x", "securityID": "short"}, "securityID"),
    ],
)
async def test_bad_account_input_is_422_and_creates_nothing(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    """Each bad field is a 422 naming it; no account is left behind."""
    response = await client.post("/api/v1/accounts", json=body, headers=ADMIN)
    assert response.status_code == 422, response.text
    assert fragment in response.json()["error"]["message"]
    assert (await client.get("/api/v1/accounts", headers=ADMIN)).json()["accounts"] == []


async def test_duplicate_account_is_409(client: httpx.AsyncClient) -> None:
    """Creating an id twice is a conflict."""
    await client.post("/api/v1/accounts", json={"id": 7, "name": "a"}, headers=ADMIN)
    again = await client.post("/api/v1/accounts", json={"id": 7, "name": "b"}, headers=ADMIN)
    assert again.status_code == 409


async def test_token_is_shown_once_then_only_its_hint(client: httpx.AsyncClient) -> None:
    """A generated token is returned at creation; later views show only its last characters."""
    await client.post("/api/v1/accounts", json={"id": 8, "name": "a"}, headers=ADMIN)
    made = (
        await client.post("/api/v1/accounts/8/tokens", json={"kind": "cust_token"}, headers=ADMIN)
    ).json()
    token = made["token"]
    SCAN.register(token)
    shown = (await client.get("/api/v1/accounts/8", headers=ADMIN)).json()
    assert token not in str(shown)
    assert shown["credentials"][0]["hint"] == "…" + token[-4:]


async def test_erase_a_contact(client: httpx.AsyncClient, demo_account: int) -> None:
    """A contact's values are erased completely; erasing again is 404."""
    keys = {"syskey.contactNumber": "9812345678", "syskey.accountID": "1", "key.a": "1"}
    await post_webhook(client, "updateUserPreferences", keys, scope="$user.")
    shown = await client.get("/api/v1/accounts/1/contacts/+919812345678", headers=ADMIN)
    assert shown.json()["values"] == {"a": "1"}
    erased = await client.delete("/api/v1/accounts/1/contacts/09812345678", headers=ADMIN)
    assert erased.status_code == 204
    assert (
        await client.get("/api/v1/accounts/1/contacts/9812345678", headers=ADMIN)
    ).status_code == 404
    assert (
        await client.delete("/api/v1/accounts/1/contacts/9812345678", headers=ADMIN)
    ).status_code == 404


BEYOND_ANY_ACCOUNT = 2**63  # found by schemathesis: the database driver could not bind it


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/api/v1/accounts/{BEYOND_ANY_ACCOUNT}", None),
        ("POST", f"/api/v1/accounts/{BEYOND_ANY_ACCOUNT}/agents/allocate", None),
        ("GET", f"/api/v1/accounts/{2**31}/agents", None),
        ("GET", f"/api/v1/invocations?account_id={BEYOND_ANY_ACCOUNT}", None),
        ("POST", "/api/v1/accounts", {"id": BEYOND_ANY_ACCOUNT, "name": "0"}),
    ],
)
async def test_an_account_id_no_account_can_have_is_a_422(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, object] | None
) -> None:
    """An id past the 32-bit range of accounts.id is refused naming it, never a 500."""
    response = await client.request(method, path, json=body, headers=ADMIN)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "INVALID_PARAMETER"
    assert "account_id" in error["message"] or "id" in error["message"]
