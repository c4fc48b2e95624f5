"""Account settings are cached per process for FLOWHOOKS_ACCOUNT_CACHE_SECONDS: a change made
through one process reaches another within that expiry, credentials included.

Two apps on one database stand for two `flowhooks serve` processes (each has its own
Runtime and caches); tests/deploy/test_scaled_deployment.py runs the real processes.
"""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import httpx

from tests.conftest import ADMIN, AppFactory, client_for

CACHE_SECONDS = 1.0
FETCH = {
    "method": "fetchUserPreferences",
    "keys": [
        {"name": "contactNumber", "value": "9812345678"},
        {"name": "accountID", "value": "1"},
    ],
}


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


async def _wait_until(check: Any, within: float) -> None:
    """Poll `check()` (an async function) until it is true; fail after `within` seconds."""
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < within, f"not seen within {within} s"
        await asyncio.sleep(0.05)


async def _two_servers(app_factory: AppFactory, **settings: Any) -> tuple[Any, Any]:
    from flowhooks.accounts import demo

    first = await app_factory(account_cache_seconds=CACHE_SECONDS, **settings)
    second = await app_factory(account_cache_seconds=CACHE_SECONDS, **settings)
    await demo.seed(first.state.runtime.db)
    return first, second


async def test_a_settings_change_on_one_process_reaches_the_other_within_the_expiry(
    app_factory: AppFactory,
) -> None:
    a, b = await _two_servers(app_factory)
    async with client_for(a) as on_a, client_for(b) as on_b:
        assert (await on_b.post("/webhook", json=FETCH)).status_code == 200  # B caches it
        change = {"settings": {"webhooks": {"ip_allowlist": ["10.1.0.0/16"]}}}
        response = await on_a.patch("/api/v1/accounts/1", json=change, headers=ADMIN)
        assert response.status_code == 200, response.text
        assert (await on_a.post("/webhook", json=FETCH)).status_code == 403  # A forgot at once

        async def refused_on_b() -> bool:
            return (await on_b.post("/webhook", json=FETCH)).status_code == 403

        await _wait_until(refused_on_b, within=CACHE_SECONDS + 2)


async def test_a_changed_basic_password_stops_working_on_every_process_within_the_expiry(
    app_factory: AppFactory,
) -> None:
    """The verified-password memo (a minute, to spare argon2) used to outlive the change."""
    a, b = await _two_servers(app_factory, webhook_auth="basic")
    old = {"basicUsername": "bank", "basicPassword": "old-password-1"}
    new = {"basicUsername": "bank", "basicPassword": "new-password-2"}
    async with client_for(a) as on_a, client_for(b) as on_b:
        assert (await on_a.patch("/api/v1/accounts/1", json=old, headers=ADMIN)).is_success
        body = {"method": "fetchUserPreferences", "keys": FETCH["keys"][:1]}
        with_old = _basic("bank", "old-password-1")
        assert (await on_b.post("/webhook", json=body, headers=with_old)).status_code == 200
        assert (await on_a.patch("/api/v1/accounts/1", json=new, headers=ADMIN)).is_success
        assert (await on_a.post("/webhook", json=body, headers=with_old)).status_code == 401

        async def old_refused_on_b() -> bool:
            answer: httpx.Response = await on_b.post("/webhook", json=body, headers=with_old)
            return answer.status_code == 401

        await _wait_until(old_refused_on_b, within=CACHE_SECONDS + 2)
        with_new = _basic("bank", "new-password-2")
        assert (await on_b.post("/webhook", json=body, headers=with_new)).status_code == 200
