"""Handing a request to a dialer with retries: which answers are worth another try.

Shared by every HTTP-speaking dialer. 2xx is accepted; 408, 425, 429 and 5xx, timeouts
and transport errors are transient and retried with exponential backoff; any other 4xx
is a permanent refusal (retrying a bad number or bad credentials only repeats the refusal).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from flowhooks.outbound.dialers.base import DialOutcome, DialResult

TRANSIENT_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Backoff:
    """`tries` hand-offs at most, waiting `first`, then ×`factor`, capped at `cap` seconds."""

    tries: int = 4
    first: float = 0.5
    factor: float = 2.0
    cap: float = 8.0

    def delay(self, failed_tries: int) -> float:
        """Seconds to wait after the `failed_tries`-th failure."""
        return float(min(self.cap, self.first * self.factor ** (failed_tries - 1)))


def is_transient(status_code: int) -> bool:
    """Whether an HTTP status is worth retrying."""
    return status_code >= 500 or status_code in TRANSIENT_STATUSES


async def deliver(
    send: Callable[[], Awaitable[httpx.Response]],
    backoff: Backoff,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> httpx.Response | DialResult:
    """The 2xx response of `send`, or the REJECTED / UNREACHABLE result that ended the tries."""
    last = ""
    for attempt in range(1, backoff.tries + 1):
        try:
            response = await send()
        except httpx.TimeoutException:
            last = "timed out"
        except httpx.TransportError as exc:
            last = f"transport error: {type(exc).__name__}"
        else:
            if response.is_success:
                return response
            last = f"HTTP {response.status_code}: {response.text[:200]}"
            if not is_transient(response.status_code):
                return DialResult(DialOutcome.REJECTED, detail=last)
        if attempt < backoff.tries:
            await sleep(backoff.delay(attempt))
    return DialResult(DialOutcome.UNREACHABLE, detail=f"{backoff.tries} tries, last: {last}")
