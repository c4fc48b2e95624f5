"""Per-account rate limits: 429 RATE_LIMITED with Retry-After, per process or through Redis."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from flowhooks.accounts.rate_limits import RateLimiter, RedisCounter
from flowhooks.errors import RateLimited
from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import envelope

FETCH = envelope("fetchUserPreferences", {"contactNumber": "9812345678", "accountID": "1"})


async def test_limit_per_method_group_answers_429_with_retry_after(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """The 4th call in a minute to a group limited to 3 is 429 with Retry-After; others pass."""
    await client.patch(
        "/api/v1/accounts/1",
        json={"settings": {"rate_limits": {"per_minute": {"centraloutboundwebhook-v1": 3}}}},
        headers=ADMIN,
    )
    application = await app_factory()
    async with client_for(application) as c:
        statuses = [(await c.post("/webhook", json=FETCH)).status_code for _ in range(4)]
        assert statuses[:3] == [200, 200, 200]
        limited = await c.post("/webhook", json=FETCH)
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "RATE_LIMITED"
        assert 1 <= int(limited.headers["retry-after"]) <= 60


def _redis_or_skip() -> str:
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        import os

        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs Redis at {url}: {exc}")
        pytest.skip(f"Redis is not reachable at {url}: {exc}")
    return url


async def test_redis_counters_are_shared_between_limiters() -> None:
    """Two limiters (two processes) on one Redis share one budget."""
    url = _redis_or_skip()
    first, second = RedisCounter(url), RedisCounter(url)
    account = int(uuid.uuid4().int % 1_000_000) + 1_000_000
    try:
        a, b = RateLimiter(first), RateLimiter(second)
        await asyncio.gather(*(limiter.check(account, "g", 10) for limiter in [a, b] * 5))
        with pytest.raises(RateLimited):
            await a.check(account, "g", 10)
    finally:
        await first.close()
        await second.close()


async def test_unreachable_redis_lets_calls_through() -> None:
    """A limiter whose Redis is down fails open instead of failing the call."""
    counter = RedisCounter("redis://127.0.0.1:1/0")
    try:
        await RateLimiter(counter).check(1, "g", 1)
        await RateLimiter(counter).check(1, "g", 1)
    finally:
        await counter.close()
