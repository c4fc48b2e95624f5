"""Every door that takes a body refuses one over its limit with 413, before reading it.

The routes are read from the app and the front's table, so a new route or door is covered
without being listed here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator

import httpx
import orjson
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from flowhooks.http.bodies import LARGER_BODIES
from flowhooks.http.front import DOORS
from flowhooks.language.nlu.account_intents import MAX_YAML_BYTES
from flowhooks.outbound.api_models import MAX_CREATE_BODY_BYTES as OUTBOUND_CREATE_BYTES
from tests.conftest import ADMIN, AppFactory, client_for

LIMIT = 65536  # FLOWHOOKS_MAX_BODY_BYTES by default
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def body_routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(HTTP method, concrete path) of every route and front door that can take a body."""
    for route in iter_route_contexts(app.routes):
        for method in sorted((route.methods or set()) & BODY_METHODS):
            yield method, re.sub(r"\{[^}]+\}", "1", route.path or "")
    for door in DOORS:
        for method in sorted(door.methods & BODY_METHODS):
            for operation in door.operations:
                path = re.sub(r"\{[^}]+\}", "1", operation.path.replace("{env}", "prod"))
                yield method, path
                if door.pattern.fullmatch(path + "/"):
                    yield method, path + "/"  # the legacy paths' optional trailing slash


def limit_of(path: str) -> int:
    return next((limit for pattern, limit in LARGER_BODIES if pattern.fullmatch(path)), LIMIT)


async def test_every_door_refuses_a_body_over_its_limit(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Webhooks, /kairos-apis, /UrlShortner, the admin API and the console: 413 over the limit."""
    routes = list(body_routes(app))
    paths = {path for _, path in routes}
    for door in ("/webhook", "/kairos-apis/outbound/pull", "/UrlShortner/phonon/shortUrl"):
        assert door in paths
    assert len(routes) >= 40, routes
    for method, path in routes:
        limit = limit_of(path)
        body = orjson.dumps({"pad": "x" * (limit - 9)})
        assert len(body) == limit + 1
        response = await client.request(method, path, content=body, headers=ADMIN)
        assert response.status_code == 413, (method, path, response.status_code)
        assert response.json()["error"] == {
            "code": "PAYLOAD_TOO_LARGE",
            "message": f"The body is larger than {limit} bytes",
        }


def test_the_larger_limits_are_the_documented_ones() -> None:
    """Only the outbound create API (500 calls) and the intents YAML upload take more."""
    assert {limit for _, limit in LARGER_BODIES} == {OUTBOUND_CREATE_BYTES, MAX_YAML_BYTES}
    assert limit_of("/kairos-apis/outbound/create") == 4 * 1024 * 1024
    assert limit_of("/api/v1/accounts/7/nlu/intents") == 1_000_000
    assert limit_of("/api/v1/accounts/7/nlu/parse") == LIMIT


async def test_a_body_at_the_limit_is_read(client: httpx.AsyncClient, demo_account: int) -> None:
    """A webhook body of exactly 64 KB is handled, not refused."""
    keys = [
        {"name": "$user.syskey.contactNumber", "value": "9812345678"},
        {"name": "$user.syskey.accountID", "value": "1"},
    ]
    head = orjson.dumps({"method": "fetchUserPreferences", "keys": keys, "pad": ""})
    body = head[:-2] + b"x" * (LIMIT - len(head)) + b'"}'
    assert len(body) == LIMIT
    response = await client.post("/webhook", content=body)
    assert response.status_code == 200, response.text


async def _chunks(total: int, size: int = 8192) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        chunk = b" " * min(size, total - sent)
        sent += len(chunk)
        yield chunk


async def test_a_chunked_body_is_counted_too(app_factory: AppFactory, demo_account: int) -> None:
    """Without a Content-Length the body is counted as it arrives: over the limit is 413,
    under it reaches the route unchanged."""
    application = await app_factory()
    async with client_for(application) as c:
        over = await c.post("/api/v1/accounts", content=_chunks(LIMIT + 1), headers=ADMIN)
        assert over.status_code == 413
        assert "content-length" not in over.request.headers

        async def small() -> AsyncIterator[bytes]:
            yield b'{"method": "fetchUserPreferences", "keys": ['
            yield b'{"name": "$user.syskey.contactNumber", "value": "9812345678"},'
            yield b'{"name": "$user.syskey.accountID", "value": "1"}]}'

        under = await c.post("/webhook", content=small())
        assert under.status_code == 200, under.text
