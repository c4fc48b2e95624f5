"""The one bounded body reader, and the limit each door applies.

A body is read by `read_body` only: the front (webhooks, the seed's shortener) reads its
doors' bodies with it, and the `BodyLimit` middleware reads with it for every FastAPI route,
so the admin API, the short-link API, the outbound API and the console never see a body over
their limit and read theirs plainly (`await request.body()`). The limit is
FLOWHOOKS_MAX_BODY_BYTES (64 KB, a Twilio HTTP Request widget's own limit) except for the
routes in LARGER_BODIES, whose documented limits are larger. A declared Content-Length over
the limit is refused unread; a body without one is counted as it arrives.

Each door answers 413 PAYLOAD_TOO_LARGE in its own form (http/answers.py): a webhook the
failure envelope a flow reads, every other door `{"error"}` (with `Connection: close` from
the middleware, which leaves the rest of the body unread). The short-link API's JSON bodies
are read as pydantic models by `json_body` / `parse_json`, with 400s naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowhooks.errors import InvalidFormat, PayloadTooLarge
from flowhooks.http.answers import error_body
from flowhooks.language.nlu.account_intents import MAX_YAML_BYTES
from flowhooks.outbound.api_models import MAX_CREATE_BODY_BYTES as OUTBOUND_CREATE_BYTES

# (path pattern, limit): 500 outbound calls with their keys; an account's intents YAML.
LARGER_BODIES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"/kairos-apis/outbound/create/?"), OUTBOUND_CREATE_BYTES),
    (re.compile(r"/api/v1/accounts/[^/]+/nlu/intents/?"), MAX_YAML_BYTES),
)
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})


class ClientGone(Exception):
    """The client disconnected before sending its whole body: nobody is left to answer."""


def declared_length(headers: Sequence[tuple[bytes, bytes]]) -> bytes | None:
    """The raw Content-Length header, if the request has one."""
    for name, value in headers:
        if name == b"content-length":
            return value
    return None


async def read_body(receive: Receive, limit: int, declared: bytes | None) -> bytes:
    """The whole body, or PayloadTooLarge as soon as it is known to pass `limit` bytes."""
    # ASCII digits only: bytes.isdigit() is ASCII-only, so int() always takes it.
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes", int(declared))
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body is larger than {limit} bytes", size)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _refuse(send: Send, limit: int) -> None:
    body = error_body("PAYLOAD_TOO_LARGE", f"The body is larger than {limit} bytes")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware before FastAPI's routes: 413 for a body over its route's limit.

    One check for every route instead of one per route, so a new route is covered without
    anyone remembering to. The front's doors never reach it: the front reads their bodies
    with the same `read_body` and the same default limit.
    """

    def __init__(
        self,
        app: ASGIApp,
        default: int,
        larger: Sequence[tuple[re.Pattern[str], int]] = LARGER_BODIES,
    ) -> None:
        self.app = app
        self.default = default
        self.larger = tuple(larger)

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.larger:
            if pattern.fullmatch(path):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _NO_BODY:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = declared_length(scope["headers"])
        if declared is not None and declared.isdigit() and int(declared) <= limit:
            await self.app(scope, receive, send)  # the server holds it to its length
            return
        try:
            body = await read_body(receive, limit, declared)
        except PayloadTooLarge:
            await _refuse(send, limit)
            return
        except ClientGone:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def json_body(request: Request, model: type[BaseModel]) -> Any:
    """The body of a route that answers 400s, not FastAPI's 422s, as `model`."""
    return parse_json(await request.body(), model)


def parse_json(raw: bytes, model: type[BaseModel]) -> Any:
    """The body as `model`, or 400 INVALID_FORMAT naming the first wrong field."""
    try:
        return model.model_validate(orjson.loads(raw))
    except orjson.JSONDecodeError:
        raise InvalidFormat("The body is not JSON") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidFormat(f"{where}: {first['msg']}") from None
