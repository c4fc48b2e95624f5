"""The ASGI webhook door and the FastAPI webhook routes answer alike.

Over HTTP the door answers first; the routes stay for the schema and for any request that
reaches the router. Both are driven here with the same requests and must give the same
status, error code and keys (request ids differ).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.http.front import NOT_A_WEBHOOK, webhook_path_method

FETCH = {
    "method": "fetchUserPreferences",
    "keys": [
        {"name": "$user.syskey.contactNumber", "value": "9812345678"},
        {"name": "$user.syskey.accountID", "value": "1"},
    ],
}


class RouterOnly:
    """The app without its door: FastAPI's own middleware and router answer."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await FastAPI.__call__(self.app, scope, receive, send)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/webhook", None),
        ("/webhook/fetchUserPreferences", "fetchUserPreferences"),
        ("/centraloutboundwebhook-v1/prod", None),
        ("/centraloutboundwebhook-v1/test/", None),
        ("/reliance-nippon-v1/staging/", NOT_A_WEBHOOK),
        ("/webhook/methods/x", NOT_A_WEBHOOK),
        ("/webhook/", NOT_A_WEBHOOK),
        ("/api/v1/accounts", NOT_A_WEBHOOK),
    ],
)
def test_which_paths_the_door_answers(path: str, method: str | None) -> None:
    assert webhook_path_method(path) == method


@pytest.mark.parametrize(
    ("path", "body", "query"),
    [
        ("/webhook", FETCH, ""),
        ("/centraloutboundwebhook-v1/prod/", FETCH, "?format=flat"),
        ("/webhook/fetchUserPreferences", {"contactNumber": "9812345678", "accountID": 1}, ""),
        ("/webhook/updateUserPreferences", FETCH, ""),
        ("/webhook", {"method": "nope", "keys": []}, ""),
        ("/webhook", "not json", ""),
        ("/webhook", {"method": "fetchUserPreferences", "pad": "x" * 70_000}, ""),
    ],
)
async def test_door_and_router_answer_alike(
    app: FastAPI, demo_account: int, path: str, body: Any, query: str
) -> None:
    content = body.encode() if isinstance(body, str) else None
    json_body = None if isinstance(body, str) else body
    answers = []
    for transport_app in (app, RouterOnly(app)):
        transport = httpx.ASGITransport(app=transport_app, client=("127.0.0.1", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post(path + query, json=json_body, content=content)
        answer = response.json()
        answer.pop("requestId", None)
        answers.append((response.status_code, response.headers["content-type"], answer))
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    "body",
    [
        {"custToken": "abcd1234", "longUrl": "https://example.com/a"},
        {"custToken": "wrong", "longUrl": "https://example.com/a"},
        {"longUrl": "https://example.com/a"},
        {"custToken": "abcd1234", "longUrl": "javascript:alert(1)"},
        {"custToken": "abcd1234"},
        "not json",
        {"custToken": "abcd1234", "longUrl": "https://example.com/" + "x" * 70_000},
    ],
)
async def test_shortener_door_and_router_answer_alike(
    app: FastAPI, demo_account: int, body: Any
) -> None:
    """The seed's shortener: same status, same error (or the same kind of short URL)."""
    content = body.encode() if isinstance(body, str) else None
    json_body = None if isinstance(body, str) else body
    answers = []
    for transport_app in (app, RouterOnly(app)):
        transport = httpx.ASGITransport(app=transport_app, client=("127.0.0.1", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post(
                "/UrlShortner/phonon/shortUrl", json=json_body, content=content
            )
        answer = response.json()
        if "shortUrl" in answer:
            answer["shortUrl"] = answer["shortUrl"].rsplit("/", 1)[0]  # the code is random
        answers.append((response.status_code, response.headers.get("www-authenticate"), answer))
    assert answers[0] == answers[1]


async def test_redirects_answer_alike_through_door_and_router(
    app: FastAPI, demo_account: int
) -> None:
    """GET/HEAD /{code} from the door, and one-segment routes (/docs, /admin…) left alone."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        made = await client.post(
            "/UrlShortner/phonon/shortUrl",
            json={"custToken": "abcd1234", "longUrl": "https://example.com/x", "slug": "doorlink"},
        )
        assert made.status_code == 200, made.text
    paths = ["/doorlink", "/nosuchlink", "/healthz", "/readyz", "/docs", "/admin", "/metrics"]
    seen = {}
    for method in ("GET", "HEAD"):
        for path in paths:
            answers = []
            for transport_app in (app, RouterOnly(app)):
                transport = httpx.ASGITransport(app=transport_app, client=("127.0.0.1", 5555))
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                    response = await client.request(method, path)
                answers.append(
                    (
                        response.status_code,
                        response.headers.get("location"),
                        response.headers.get("content-type"),
                    )
                )
            assert answers[0] == answers[1], (method, path)
            seen[method, path] = answers[0]
    assert seen["GET", "/doorlink"][:2] == (302, "https://example.com/x")
    assert seen["GET", "/nosuchlink"][0] == 404
    assert seen["GET", "/healthz"][0] == 200
