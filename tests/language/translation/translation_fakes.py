"""Local HTTP servers that speak the Google Translation v2 and LibreTranslate protocols.

Each runs a Starlette app under uvicorn on 127.0.0.1 in the test's event loop. A test
scripts the next answers (status + JSON body), a delay for a slow provider, and reads back
every request the server received (path, query, headers, JSON body).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class Received:
    """One request as the fake provider saw it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ProviderScript:
    """What the fake provider answers next, and what it has received so far."""

    received: list[Received] = field(default_factory=list)
    queued: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    delay_seconds: float = 0.0
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def answer_next(self, status: int, body: dict[str, Any]) -> None:
        """Queue one scripted answer (used once, in order, before the default)."""
        self.queued.append((status, body))

    def reset(self) -> None:
        """Forget requests and scripts; wake any request still sleeping."""
        self.release.set()
        self.received.clear()
        self.queued.clear()
        self.delay_seconds = 0.0
        self.release = asyncio.Event()


def fake_translation(text: str, target: str) -> str:
    """The deterministic 'translation' both fakes answer: ``[hi] Hello``."""
    return f"[{target}] {text}"


Scripted = tuple[int, dict[str, Any]] | None


async def _record(script: ProviderScript, request: Request) -> tuple[dict[str, Any], Scripted]:
    """Record the request, take its scripted answer (if any), then sleep the delay.

    The answer is taken before sleeping so a slow request woken by the next test's reset
    cannot steal an answer that test queued.
    """
    body = await request.json()
    script.received.append(
        Received(
            path=request.url.path,
            query=dict(request.query_params),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
    )
    scripted = script.queued.pop(0) if script.queued else None
    if script.delay_seconds:
        release = script.release
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(release.wait(), timeout=script.delay_seconds)
    return dict(body), scripted


def google_app(script: ProviderScript) -> Starlette:
    """Google Cloud Translation v2: JSON body, key in X-Goog-Api-Key or ?key=."""

    async def translate(request: Request) -> JSONResponse:
        body, scripted = await _record(script, request)
        if scripted is not None:
            return JSONResponse(scripted[1], status_code=scripted[0])
        key = request.headers.get("x-goog-api-key") or request.query_params.get("key")
        if not key:
            return JSONResponse(google_error(403, "The request is missing a valid API key."), 403)
        item: dict[str, str] = {"translatedText": fake_translation(body["q"], body["target"])}
        if "source" not in body:
            item["detectedSourceLanguage"] = "en"
        return JSONResponse({"data": {"translations": [item]}})

    return Starlette(routes=[Route("/language/translate/v2", translate, methods=["POST"])])


def google_error(code: int, message: str, reason: str = "invalid") -> dict[str, Any]:
    """Google's error document."""
    return {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"message": message, "domain": "global", "reason": reason}],
        }
    }


def libre_app(script: ProviderScript) -> Starlette:
    """LibreTranslate: JSON body with api_key; {"error"} documents on failure."""

    async def translate(request: Request) -> JSONResponse:
        body, scripted = await _record(script, request)
        if scripted is not None:
            return JSONResponse(scripted[1], status_code=scripted[0])
        answer: dict[str, Any] = {"translatedText": fake_translation(body["q"], body["target"])}
        if body.get("source") == "auto":
            answer["detectedLanguage"] = {"confidence": 92.0, "language": "en"}
        return JSONResponse(answer)

    return Starlette(routes=[Route("/translate", translate, methods=["POST"])])


def bound_socket() -> socket.socket:
    """A socket bound to a free 127.0.0.1 port and not listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class LocalServer:
    """A uvicorn server for one app on a given bound socket, inside the running loop."""

    def __init__(self, app: Starlette, sock: socket.socket) -> None:
        self.sock = sock
        port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start listening; returns once the server accepts connections."""
        self._task = asyncio.create_task(self._server.serve(sockets=[self.sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.005)

    async def stop(self) -> None:
        """Stop the server and close its socket."""
        if self._task is not None:
            self._server.should_exit = True
            await self._task
        self.sock.close()
