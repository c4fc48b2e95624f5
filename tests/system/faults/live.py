"""A real `flowhooks serve` process for the fault tests, and webhook calls timed one by one.

The fault tests watch what a caller sees over HTTP while something breaks underneath, so
they talk to a separate server process (its own event loop, its own database pool), not to
the app inside the test's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.system.faults.private_postgres import free_port

FLOWHOOKS = str(Path(sys.executable).parent / "flowhooks")


@dataclass
class Server:
    """A running `flowhooks serve`: its base URL and where its log goes."""

    url: str
    process: asyncio.subprocess.Process
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.asynccontextmanager
async def flowhooks_serve(
    env: dict[str, str], log_path: Path, *, ready_within: float = 60
) -> AsyncIterator[Server]:
    """Start `flowhooks serve` on a free port with ``env``; stop it (SIGTERM) after."""
    port = free_port()
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            FLOWHOOKS, "serve", "--host", "127.0.0.1", "--port", str(port),
            env=os.environ | {"FLOWHOOKS_LOG_LEVEL": "warning"} | env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        await _wait_healthy(server, ready_within)
        yield server
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _wait_healthy(server: Server, within: float) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=server.url) as client:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                raise RuntimeError(f"flowhooks serve exited early:\n{server.log()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/healthz", timeout=1)).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"flowhooks serve did not answer within {within} s:\n{server.log()}")


def envelope(method: str, keys: dict[str, str]) -> dict[str, Any]:
    return {"method": method, "keys": [{"name": k, "value": v} for k, v in keys.items()]}


@dataclass
class Answer:
    """One webhook answer as the caller saw it, with when it was asked and how long it took."""

    method: str
    started: float  # time.monotonic() when sent
    elapsed: float
    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    @property
    def code(self) -> str | None:
        error = self.body.get("error")
        return error.get("code") if isinstance(error, dict) else None

    @property
    def values(self) -> dict[str, str]:
        return {key["name"]: key["value"] for key in self.body.get("keys", [])}

    @property
    def request_id(self) -> str:
        return str(self.body["requestId"])


async def call(client: httpx.AsyncClient, method: str, keys: dict[str, str]) -> Answer:
    """POST one webhook and time it."""
    started = time.monotonic()
    response = await client.post("/webhook", json=envelope(method, keys))
    return Answer(
        method=method,
        started=started,
        elapsed=time.monotonic() - started,
        status=response.status_code,
        body=response.json(),
        headers=response.headers,
    )
