"""The HTTP front: the one table of what is answered before FastAPI, and FastAPI for the rest.

A webhook is the hot path of a live call, and a short-link redirect is the hot path of a
campaign. Going through FastAPI's middleware stack and router cost about a third of a
webhook's CPU, and two thirds of a redirect's (docs/benchmarks.md), for nothing they use.
So `DOORS` lists, row by row, the requests the front answers on the raw ASGI interface:
path pattern -> handler -> body limit. No FastAPI route declares these paths; the OpenAPI
schema documents them from this table (http/openapi.py).

The rules, in order:
1. A request a FastAPI route declares with a fixed path and this HTTP method goes to
   FastAPI (`/healthz`, `/docs`, `/admin`, `/webhook/methods`…). The set is computed once,
   from the app's routes, when the app is built.
2. Otherwise the first door whose methods and pattern fit answers it. `/webhook` and the
   legacy paths take a trailing slash or none, as the original platform did (a flow's
   webhook widget does not follow a redirect on POST); a legacy path without `prod` or
   `test` answers the 404 failure envelope naming the form it expects.
3. Everything else goes to FastAPI. When its router finds no route, `not_routed` answers
   as the router would have if the doors were routes: 405 on a door's path with another
   HTTP method, a 307 to the door's path for a trailing slash too many or too few, else 404.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson
import structlog
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.datastructures import URL
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from flowhooks import calls
from flowhooks.envelope import EXPECTED_BODY
from flowhooks.errors import FlowhooksError, NotFound, PayloadTooLarge
from flowhooks.http.answers import error_answer, error_body, webhook_answer
from flowhooks.http.bodies import ClientGone, read_body
from flowhooks.http.deps import client_host
from flowhooks.http.doors import Door, Operation, Serve, default_limit, no_body
from flowhooks.http.openapi import WEBHOOK_TAG, json_body_doc
from flowhooks.http.routes import redirects
from flowhooks.http.routes.shortlinks import SEED_SHORTEN_PATH, NewShortUrl, shorten
from flowhooks.registry import LEGACY_SERVICES
from flowhooks.runtime import Runtime

log = structlog.get_logger("flowhooks.http")

ENVIRONMENTS = ("prod", "test")
SHORT_LINKS_TAG = "short links"


async def send_json(send: Send, status: int, body: bytes, extra: dict[str, str]) -> None:
    """Send one JSON answer on the raw ASGI interface."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers.extend((name.lower().encode(), value.encode()) for name, value in extra.items())
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _webhook(
    rt: Runtime,
    scope: Scope,
    receive: Receive,
    send: Send,
    path_method: str | None,
    limit: int,
    refusal: FlowhooksError | None = None,
) -> None:
    """Read the body, run the call, send the envelope. A refusal (the door's own, or a body
    too large) is a failure envelope too, with its invocation row, and reads no body."""
    authorization = declared = forwarded = host = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"host":
            host = value.decode("latin-1")
        elif name == b"content-length":
            declared = value
        elif name == b"x-forwarded-for":
            forwarded = value.decode("latin-1")
    client_ip = client_host(rt, scope.get("client"), forwarded)
    query_string = scope.get("query_string", b"")
    body = b""
    if refusal is None:
        try:
            body = await read_body(receive, limit, declared)
        except PayloadTooLarge as exc:
            refusal = exc
    if refusal is not None:
        # Still a webhook answer: the failure envelope a flow reads, and an invocation row.
        result = calls.refused(
            rt, refusal, path=scope["path"], path_method=path_method, client_ip=client_ip
        )
    else:
        result = await calls.handle(
            rt,
            body=body,
            path=scope["path"],
            path_method=path_method,
            authorization=authorization,
            client_ip=client_ip,
            host=host,
        )
    await send_json(send, *webhook_answer(result, query_string))


async def serve_webhook(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, _found: re.Match[str], limit: int
) -> None:
    """POST /webhook: the method is named in the body."""
    await _webhook(rt, scope, receive, send, None, limit)


async def serve_named_webhook(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, found: re.Match[str], limit: int
) -> None:
    """POST /webhook/{method}: the method is named in the path (Twilio reserves `method`)."""
    await _webhook(rt, scope, receive, send, found["method"], limit)


async def serve_legacy_webhook(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, found: re.Match[str], limit: int
) -> None:
    """POST /{service}/{env}/: the original platform's paths; only prod and test exist. A
    path with no environment or another one is a 404 failure envelope naming the form."""
    service, env = found["service"], found["env"]
    refusal = None
    expected = f"expected /{service}/prod/ or /{service}/test/ (prod or test); body {EXPECTED_BODY}"
    if env is None:
        refusal = NotFound(f"No environment in the path: {expected}")
    elif env not in ENVIRONMENTS:
        refusal = NotFound(f"Unknown environment {env!r}: {expected}")
    await _webhook(rt, scope, receive, send, None, limit, refusal)


async def serve_shortener(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, _found: re.Match[str], limit: int
) -> None:
    """The seed's shortener, which campaign flows call mid-call: its JSON, or `{"error"}`."""
    declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
    body = await read_body(receive, limit, declared)
    await send_json(send, 200, orjson.dumps(await shorten(rt, body)), {})


async def serve_redirect(
    rt: Runtime, scope: Scope, receive: Receive, send: Send, found: re.Match[str], _limit: int
) -> None:
    """GET/HEAD /{code}: the short link's redirect, or the page saying why there is none."""
    await redirects.follow(rt, scope, receive, send, found["code"])


def _path_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


_LEGACY = "|".join(re.escape(service) for service in LEGACY_SERVICES)

DOORS: tuple[Door, ...] = (
    Door(
        frozenset({"POST"}),
        re.compile(r"/webhook/?"),
        serve_webhook,
        default_limit,
        WEBHOOK_TAG,
        (Operation("/webhook", "webhook", "Call a webhook method (canonical)"),),
    ),
    Door(
        frozenset({"POST"}),
        re.compile(r"/webhook/(?P<method>[^/]+)"),
        serve_named_webhook,
        default_limit,
        WEBHOOK_TAG,
        (
            Operation(
                "/webhook/{method}", "webhook_named", "Call a webhook method named in the path"
            ),
        ),
        {
            "parameters": [
                _path_parameter("method", "The webhook method's name", {"type": "string"})
            ]
        },
    ),
    Door(
        frozenset({"POST"}),
        re.compile(rf"/(?P<service>{_LEGACY})(?:/(?P<env>[^/]+))?/?"),
        serve_legacy_webhook,
        default_limit,
        WEBHOOK_TAG,
        tuple(
            Operation(
                f"/{service}/{{env}}",
                f"legacy_{service.replace('-', '_')}",
                f"The original platform's {service} path (env = prod or test)",
            )
            for service in LEGACY_SERVICES
        ),
        {"parameters": [_path_parameter("env", "prod or test", {"enum": list(ENVIRONMENTS)})]},
    ),
    Door(
        frozenset({"POST"}),
        re.compile(re.escape(SEED_SHORTEN_PATH)),
        serve_shortener,
        default_limit,
        SHORT_LINKS_TAG,
        (Operation(SEED_SHORTEN_PATH, "seed_short_url", "Shorten a URL (the seed's API)"),),
        {
            **json_body_doc(NewShortUrl),
            "responses": {
                "200": {
                    "description": "The short URL",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["shortUrl"],
                                "properties": {"shortUrl": {"type": "string"}},
                            }
                        }
                    },
                }
            },
        },
    ),
    Door(
        frozenset({"GET", "HEAD"}),
        re.compile(r"/(?P<code>[^/]+)"),
        serve_redirect,
        no_body,
        SHORT_LINKS_TAG,
        (
            Operation(
                "/{code}", "follow", "Follow a short link (HEAD too, without counting a visit)"
            ),
        ),
        {
            "parameters": [_path_parameter("code", "The short link's code", {"type": "string"})],
            "responses": {
                "3XX": {
                    "description": "To the link's long URL (its redirect code, 302 by default)",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                }
            },
        },
    ),
)
"""What the front answers before FastAPI: one row per door, first match wins."""


def declared_paths(routes: Sequence[BaseRoute]) -> Iterator[tuple[str, str]]:
    """(HTTP method, path) of every route FastAPI declares with a fixed path."""
    for route in iter_route_contexts(routes):
        if route.path is None or "{" in route.path:
            continue
        for method in route.methods or ():
            yield method, route.path


class Front:
    """Answers the requests of `DOORS`; says False for the others (FastAPI's)."""

    def __init__(
        self, runtime: Runtime, doors: Sequence[Door], declared: Iterable[tuple[str, str]]
    ) -> None:
        self.runtime = runtime
        self.doors = tuple(doors)
        self.declared = frozenset(declared)
        methods = {method for door in self.doors for method in door.methods}
        # Per HTTP method: the fixed paths FastAPI declares for it, then the doors' rows.
        self._by_method = {
            method: (
                frozenset(path for m, path in self.declared if m == method),
                tuple(
                    (door.pattern, door.serve, door.body_limit(runtime.settings))
                    for door in self.doors
                    if method in door.methods
                ),
            )
            for method in methods
        }

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer the request if a door takes it; False if it is FastAPI's."""
        routes = self._by_method.get(scope["method"])
        if routes is None:
            return False
        path = scope["path"]
        declared, doors = routes
        if path in declared:
            return False
        for pattern, serve, limit in doors:
            found = pattern.fullmatch(path)
            if found is not None:
                await self._guarded(serve, scope, receive, send, found, limit)
                return True
        return False

    async def _guarded(
        self,
        serve: Serve,
        scope: Scope,
        receive: Receive,
        send: Send,
        found: re.Match[str],
        limit: int,
    ) -> None:
        try:
            await serve(self.runtime, scope, receive, send, found, limit)
        except ClientGone:
            return
        except FlowhooksError as exc:
            await send_json(send, *error_answer(exc))
        except Exception:
            log.exception("request_crashed", path=scope["path"])
            body = error_body("INTERNAL_ERROR", "An internal error occurred; it has been logged")
            await send_json(send, 500, body, {})

    def takes_path(self, path: str) -> bool:
        """Whether some door answers this path (with some HTTP method)."""
        return any(door.pattern.fullmatch(path) for door in self.doors)

    def router_fallback(self, default: ASGIApp) -> ASGIApp:
        """FastAPI's router default: what it answers when none of its routes matches."""

        async def not_routed(scope: Scope, receive: Receive, send: Send) -> None:
            path = scope["path"]
            if scope["type"] == "http" and self.takes_path(path):
                raise HTTPException(status_code=405)
            if scope["type"] == "http" and path != "/":
                other = path.rstrip("/") if path.endswith("/") else path + "/"
                if self.takes_path(other):
                    url = URL(scope={**scope, "path": other})
                    await RedirectResponse(url=str(url))(scope, receive, send)
                    return
            await default(scope, receive, send)

        return not_routed


class FlowhooksApp(FastAPI):
    """FastAPI, with the front's doors answered before its middleware and router."""

    front: Front | None = None

    def install_front(self, runtime: Runtime, doors: Sequence[Door] = DOORS) -> None:
        """Put the front before FastAPI; call it once every route is declared."""
        self.front = Front(runtime, doors, declared_paths(self.routes))
        self.router.default = self.front.router_fallback(self.router.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.front is not None
            and await self.front.answer(scope, receive, send)
        ):
            return
        await super().__call__(scope, receive, send)
