"""The webhook door: a POST to a webhook path is answered at the ASGI level.

A webhook is the hot path of a live call. Going through FastAPI's middleware stack and
router cost about a third of a webhook's CPU (docs/benchmarks.md) for nothing a webhook
uses: the door reads the body, hands it to `webhooks.handle` and sends the JSON answer.
The seed's shortener (`POST /UrlShortner/phonon/shortUrl`), called mid-call by campaign
flows, comes through the same door (`RAW_POSTS`), and so does the short-link redirect (a
GET/HEAD of a one-segment path no route declares). Every other request goes to FastAPI as
usual. The FastAPI routes stay declared (they give the OpenAPI schema) and answer through
the same functions, so both ways behave the same.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

import orjson
import structlog
from fastapi import FastAPI, Request, Response
from starlette.routing import BaseRoute

from flowhooks import calls as webhooks
from flowhooks.envelope import flatten
from flowhooks.errors import FlowhooksError, PayloadTooLarge
from flowhooks.http.deps import client_host
from flowhooks.http.routes import redirects as redirect_routes
from flowhooks.http.routes.shortlinks import SEED_SHORTEN_PATH, shorten
from flowhooks.registry import LEGACY_SERVICES
from flowhooks.runtime import Runtime

log = structlog.get_logger("flowhooks.http")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ENVIRONMENTS = ("prod", "test")

_WEBHOOK_PATH = re.compile(
    r"/(?:(?:"
    + "|".join(re.escape(s) for s in LEGACY_SERVICES)
    + r")/(?:prod|test)/?|webhook|webhook/(?P<method>[^/]+))"
)
NOT_A_WEBHOOK = "-"


def webhook_path_method(path: str) -> str | None:
    """The method named by a webhook path (None: named in the body), or NOT_A_WEBHOOK."""
    found = _WEBHOOK_PATH.fullmatch(path)
    if found is None:
        return NOT_A_WEBHOOK
    return found.group("method")


def error_body(code: str, message: str) -> bytes:
    """The body of a non-envelope error (the admin API's form), e.g. 413 before parsing."""
    return orjson.dumps({"error": {"code": code, "message": message}})


def error_headers(error: FlowhooksError) -> dict[str, str]:
    """Headers a non-envelope error carries: the auth scheme on 401, Retry-After if any."""
    headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else {}
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return headers


RawPost = Callable[[Runtime, bytes], Awaitable[Any]]
RAW_POSTS: dict[str, RawPost] = {SEED_SHORTEN_PATH: shorten}
"""JSON POSTs (not envelopes) the door answers: path -> handler of (runtime, body)."""


async def answer(
    rt: Runtime,
    *,
    body: bytes,
    path: str,
    path_method: str | None,
    query_string: bytes,
    authorization: str | None,
    client_ip: str | None,
    host: str | None = None,
) -> tuple[int, bytes, dict[str, str]]:
    """Status, JSON body and extra headers of one webhook call."""
    result = await webhooks.handle(
        rt,
        body=body,
        path=path,
        path_method=path_method,
        authorization=authorization,
        client_ip=client_ip,
        host=host,
    )
    return encoded(result, query_string)


def encoded(
    result: webhooks.WebhookResult, query_string: bytes
) -> tuple[int, bytes, dict[str, str]]:
    """Status, JSON body (the flat form with ?format=flat) and extra headers of a result."""
    answer: Any = result.answer
    if query_string and ("format", "flat") in parse_qsl(query_string.decode("latin-1")):
        answer = flatten(result.answer)
    return result.status_code, orjson.dumps(answer), result.headers


class _ClientGone(Exception):
    """The client disconnected before sending its whole body."""


async def _read_body(receive: Receive, limit: int, declared: str | None) -> bytes:
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes", int(declared))
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body is larger than {limit} bytes", size)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, status: int, body: bytes, extra: dict[str, str]) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers.extend((name.lower().encode(), value.encode()) for name, value in extra.items())
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def serve_raw(rt: Runtime, receive: Receive, send: Send, scope: Scope, post: RawPost) -> None:
    """Answer one of RAW_POSTS: its JSON on success, the admin API's error form otherwise."""
    declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
    try:
        limit = rt.settings.max_body_bytes
        raw = await _read_body(receive, limit, declared.decode() if declared else None)
        payload = orjson.dumps(await post(rt, raw))
    except _ClientGone:
        return
    except FlowhooksError as exc:
        await _send(send, exc.status_code, error_body(exc.code, exc.message), error_headers(exc))
        return
    except Exception:
        log.exception("request_crashed", path=scope["path"])
        body = error_body("INTERNAL_ERROR", "An internal error occurred; it has been logged")
        await _send(send, 500, body, {})
        return
    await _send(send, 200, payload, {})


async def serve(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, method: str | None
) -> None:
    """Answer one webhook POST on the raw ASGI interface."""
    wanted = {
        b"authorization": None,
        b"content-length": None,
        b"x-forwarded-for": None,
        b"host": None,
    }
    for name, value in scope["headers"]:
        if name in wanted:
            wanted[name] = value.decode("latin-1")
    client_ip = client_host(rt, scope.get("client"), wanted[b"x-forwarded-for"])
    query_string = scope.get("query_string", b"")
    try:
        body = await _read_body(receive, rt.settings.max_body_bytes, wanted[b"content-length"])
    except _ClientGone:
        return
    except PayloadTooLarge as exc:
        # Still a webhook answer: the failure envelope a flow reads, and an invocation row.
        refused = webhooks.refused(
            rt, exc, path=scope["path"], path_method=method, client_ip=client_ip
        )
        await _send(send, *encoded(refused, query_string))
        return
    status, payload, extra = await answer(
        rt,
        body=body,
        path=scope["path"],
        path_method=method,
        query_string=query_string,
        authorization=wanted[b"authorization"],
        client_ip=client_ip,
        host=wanted[b"host"],
    )
    await _send(send, status, payload, extra)


async def serve_redirect(app: FastAPI, scope: Scope, receive: Receive, send: Send) -> None:
    """GET/HEAD /{code}: the redirect route's own handler, without the router in front.

    The redirect is FastAPI's last, catch-all route, so through the router it paid for
    matching every other route first (about a third of its CPU).
    """
    scope["app"] = app
    request = Request(scope, receive)
    try:
        response = await redirect_routes.follow(request, scope["path"][1:])
    except FlowhooksError as exc:
        response = Response(
            error_body(exc.code, exc.message),
            status_code=exc.status_code,
            media_type="application/json",
            headers=error_headers(exc),
        )
    await response(scope, receive, send)


def _declared_paths(routes: Sequence[BaseRoute]) -> Iterator[str]:
    """Every path a route declares, through included routers (app.py adds no prefixes)."""
    for route in routes:
        nested = getattr(route, "original_router", None) or getattr(route, "router", None)
        if nested is not None and hasattr(nested, "routes"):
            yield from _declared_paths(nested.routes)
        path = getattr(route, "path", None)
        if isinstance(path, str) and "{" not in path:
            yield path


class FlowhooksApp(FastAPI):
    """FastAPI, with webhook POSTs and short-link redirects answered before the router."""

    _static_single: frozenset[str] | None = None

    def _is_redirect(self, path: str) -> bool:
        """A one-segment path that no other route declares (/docs, /healthz, /admin…)."""
        if path.count("/") != 1 or len(path) < 2:
            return False
        if self._static_single is None:
            self._static_single = frozenset(
                path for path in _declared_paths(self.routes) if path.count("/") == 1
            )
        return path not in self._static_single

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and self._is_redirect(scope["path"])
        ):
            await serve_redirect(self, scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "POST":
            method = webhook_path_method(scope["path"])
            if method != NOT_A_WEBHOOK:
                await serve(self.state.runtime, scope, receive, send, method)
                return
            post = RAW_POSTS.get(scope["path"])
            if post is not None:
                await serve_raw(self.state.runtime, receive, send, scope, post)
                return
        await super().__call__(scope, receive, send)
