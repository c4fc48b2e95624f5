"""The one way a test calls a webhook: build the envelope, post it, read the answer's variables.

The contract's body is `{"method": …, "keys": [{"name": …, "value": …}]}` and its answer
carries the outputs in the same `keys` list. `scope` saves writing a common prefix such as
`$flow.key.` on every name: it is put in front of each input name and taken off the front of
each output name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

WEBHOOK = "/webhook"
FLOW = "$flow.key."  # the scope of most flow variables


def envelope(method: str, keys: Mapping[str, object], scope: str = "") -> dict[str, Any]:
    """The webhook body for `method` with `keys` as its variables, in the order given."""
    return {
        "method": method,
        "keys": [{"name": f"{scope}{name}", "value": value} for name, value in keys.items()],
    }


def variables(answer: Mapping[str, Any] | httpx.Response, scope: str = "") -> dict[str, Any]:
    """An answer's variables as {name: value}, with `scope` taken off the front of each name."""
    body = answer.json() if isinstance(answer, httpx.Response) else answer
    return {key["name"].removeprefix(scope): key["value"] for key in body["keys"]}


async def post_webhook(
    client: httpx.AsyncClient,
    method: str,
    keys: Mapping[str, object],
    *,
    path: str = WEBHOOK,
    scope: str = "",
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """POST the envelope to `path` and return the HTTP response, whatever its status."""
    return await client.post(path, json=envelope(method, keys, scope), headers=headers)


async def call_webhook(
    client: httpx.AsyncClient,
    method: str,
    keys: Mapping[str, object],
    *,
    path: str = WEBHOOK,
    scope: str = "",
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """POST the envelope, check the answer is a 200, and return its variables."""
    response = await post_webhook(client, method, keys, path=path, scope=scope, headers=headers)
    assert response.status_code == 200, response.text
    return variables(response, scope)
