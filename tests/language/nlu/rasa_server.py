"""A local server on 127.0.0.1 that speaks Rasa's HTTP API (`POST /model/parse`).

It answers like a Rasa 3 server with a Duckling pipeline; the utterance picks the
behaviour: "slow ..." sleeps past any client timeout, "crash ..." answers Rasa's 500
error body, and a wrong `?token=` gets Rasa's 401.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "rasa-secret"


async def parse(request: Request) -> JSONResponse:
    if request.query_params.get("token", TOKEN) != TOKEN:
        return JSONResponse(
            {"version": "3.6.0", "status": "failure", "message": "User is not authenticated.",
             "reason": "NotAuthenticated", "code": 401},
            status_code=401,
        )  # fmt: skip
    body: dict[str, Any] = await request.json()
    text = str(body.get("text", ""))
    request.app.state.texts.append(text)
    if text.startswith("slow"):
        await asyncio.sleep(5)
    if text.startswith("crash"):
        return JSONResponse(
            {"version": "3.6.0", "status": "failure",
             "message": "An unexpected error occurred. Error: model not loaded",
             "reason": "ParsingError", "code": 500},
            status_code=500,
        )  # fmt: skip
    if text.startswith("unsure"):
        intent = {"name": "nlu_fallback", "confidence": 0.7}
    else:
        intent = {"name": "pay_bill", "confidence": 0.93}
    entities = [
        {"entity": "amount-of-money", "start": 7, "end": 11, "value": 500.0,
         "confidence": 1.0, "extractor": "DucklingEntityExtractor",
         "additional_info": {"value": 500.0, "unit": "INR"}},
        {"entity": "time", "start": 20, "end": 26, "value": "2026-11-28T17:00:00.000+05:30",
         "confidence": 1.0, "extractor": "DucklingEntityExtractor"},
        {"entity": "account_type", "start": 30, "end": 37, "value": "savings",
         "confidence_entity": 0.98, "extractor": "DIETClassifier"},
    ]  # fmt: skip
    return JSONResponse(
        {"text": text, "intent": intent, "entities": entities,
         "intent_ranking": [intent, {"name": "greet", "confidence": 0.05}]}
    )  # fmt: skip


@contextlib.asynccontextmanager
async def running_rasa() -> AsyncIterator[tuple[str, list[str]]]:
    """Start the server on an ephemeral port; yield its base URL and the texts it received."""
    app = Starlette(routes=[Route("/model/parse", parse, methods=["POST"])])
    app.state.texts = []
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", app.state.texts
    finally:
        server.should_exit = True
        server.force_exit = True
        await task
        sock.close()
