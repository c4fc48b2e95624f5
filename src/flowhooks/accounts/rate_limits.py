"""Per-account rate limits: requests per minute per method group (the method's service path).

A fixed one-minute window per (account, group). With FLOWHOOKS_REDIS_URL set the counters
live in Redis (INCR + EXPIRE), shared by every process; without it they are per process
(right for the embedded single-process default). A limiter that cannot reach Redis lets the
call through and logs it: a rate limiter must never be what takes a live call flow down.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from flowhooks.errors import RateLimited

ANY_GROUP = "*"


def _log() -> Any:
    """structlog, imported when a limit cannot be checked: settings load without it."""
    import structlog

    return structlog.get_logger("flowhooks.accounts.rate_limits")


class RateLimitSettings(BaseModel):
    """Requests a minute per method group; 0 or absent means no limit."""

    model_config = ConfigDict(extra="forbid")

    per_minute: dict[str, int] = Field(
        default_factory=dict,
        description='Limits by method group (service path, e.g. "centraloutboundwebhook-v1") '
        'or "*" for every group not named.',
    )

    def limit_for(self, group: str) -> int:
        return self.per_minute.get(group, self.per_minute.get(ANY_GROUP, 0))


class Counter(Protocol):
    async def hit(self, key: str, window: int) -> int:
        """Count one request in the window `key`; returns the count so far."""


class MemoryCounter:
    """Per-process counters (the embedded default)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._window = -1

    async def hit(self, key: str, window: int) -> int:
        if window != self._window:
            self._counts.clear()
            self._window = window
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]


class RedisCounter:
    """Counters shared by every process through Redis."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self.client = redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)

    async def hit(self, key: str, window: int) -> int:
        full = f"flowhooks:rl:{key}:{window}"
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.expire(full, 120)
            count, _ = await pipe.execute()
        return int(count)

    async def close(self) -> None:
        await self.client.aclose()


class RateLimiter:
    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    async def check(self, account_id: int, group: str, limit: int) -> None:
        """Raise RateLimited (with Retry-After) when this call exceeds the limit."""
        if limit <= 0:
            return
        now = time.time()
        window = int(now // 60)
        try:
            count = await self.counter.hit(f"{account_id}:{group}", window)
        except (OSError, ConnectionError, TimeoutError) as exc:
            _log().warning("rate_limit_unavailable", error=str(exc))
            return
        except Exception as exc:  # redis-py raises its own error tree; fail open on any
            _log().warning("rate_limit_unavailable", error=type(exc).__name__)
            return
        if count > limit:
            retry_after = max(1, int(60 - now % 60))
            raise RateLimited(
                f"More than {limit} requests a minute to {group} for account {account_id}; "
                f"retry in {retry_after} s",
                retry_after=retry_after,
            )
