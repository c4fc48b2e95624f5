"""One provider POST inside the account's time budget, retried once on a refused connection.

The budget covers the whole call (both attempts, connecting, sending and reading), so a
webhook that calls a provider always answers inside the caller's own limit. Only a failure
to connect is retried: the request never reached the provider, so a second try cannot
double-bill or double-act. A timeout or an HTTP error answer is never retried.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from flowhooks.errors import UpstreamError, UpstreamTimeout

CONNECT_RETRY_DELAY_SECONDS = 0.05


async def post_within_budget(
    http: httpx.AsyncClient,
    url: str,
    *,
    provider: str,
    budget_seconds: float,
    json: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST ``json`` to ``url``; the answer whatever its status, or Upstream* on no answer."""
    deadline = time.monotonic() + budget_seconds
    try:
        async with asyncio.timeout(budget_seconds):
            try:
                return await _post(http, url, deadline, json, headers)
            except httpx.ConnectError:
                await asyncio.sleep(CONNECT_RETRY_DELAY_SECONDS)
                return await _post(http, url, deadline, json, headers)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise UpstreamTimeout(f"{provider} did not answer within {budget_seconds:g} s") from exc
    except httpx.ConnectError as exc:
        raise UpstreamError(f"{provider} could not be reached (connection failed twice)") from exc
    except httpx.HTTPError as exc:
        raise UpstreamError(f"{provider} request failed: {type(exc).__name__}") from exc


async def _post(
    http: httpx.AsyncClient,
    url: str,
    deadline: float,
    body: dict[str, Any],
    headers: dict[str, str] | None,
) -> httpx.Response:
    remaining = max(deadline - time.monotonic(), 0.001)
    return await http.post(url, json=body, headers=headers, timeout=remaining)
