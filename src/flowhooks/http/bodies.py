"""Every door refuses a body over its limit with 413 PAYLOAD_TOO_LARGE, before any route reads it.

One ASGI middleware instead of a check per route, so a new route is covered without anyone
remembering to: the admin API, the short-link API and the console read their bodies through
FastAPI, which has no limit of its own. Webhook POSTs never reach it: the webhook door
(web/webhook_door.py) answers them first and applies the same limit itself (and so does a
webhook route, answering the failure envelope a flow reads). The limit is
FLOWHOOKS_MAX_BODY_BYTES (64 KB, a Twilio HTTP Request widget's own limit) except for the
doors in LARGER_BODIES, whose documented limits are larger. A declared Content-Length over
the limit is refused unread; a chunked body is read here up to the limit and then handed on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowhooks.http.front import NOT_A_WEBHOOK, error_body, webhook_path_method
from flowhooks.http.routes.outbound import MAX_BODY_BYTES as OUTBOUND_CREATE_BYTES
from flowhooks.language.nlu.account_intents import MAX_YAML_BYTES

# (path pattern, limit): 500 outbound calls with their keys; an account's intents YAML.
LARGER_BODIES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"/kairos-apis/outbound/create/?"), OUTBOUND_CREATE_BYTES),
    (re.compile(r"/api/v1/accounts/[^/]+/nlu/intents/?"), MAX_YAML_BYTES),
)
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})


def _content_length(headers: Sequence[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


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
    """ASGI middleware: 413 for a request body over its door's limit."""

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
        if (
            scope["type"] != "http"
            or scope["method"] in _NO_BODY
            or webhook_path_method(scope["path"]) != NOT_A_WEBHOOK
        ):
            # A webhook route applies the same limit itself and answers in the envelope.
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope["headers"])
        if declared is not None:
            if declared > limit:
                await _refuse(send, limit)
            else:
                await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                await _refuse(send, limit)
                return
            if not message.get("more_body", False):
                break
        pending = iter(messages)

        async def replay() -> Message:
            return next(pending, None) or await receive()

        await self.app(scope, replay, send)
