"""Fixtures of the shortener's HTTP tests: the demo account, a live server, visit flushing."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from flowhooks.shortlinks.redirects import ShortLinkRuntime, shortlinks_runtime

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36"
)
SEED_PATH = "/UrlShortner/phonon/shortUrl"


def links_of(application: FastAPI) -> ShortLinkRuntime:
    return shortlinks_runtime(application.state.runtime)


async def flush_visits(application: FastAPI) -> None:
    """Write every queued visit. stop() first waits for a batch the writer's own loop may be
    inserting at this moment (flush() alone would return before that batch commits)."""
    await links_of(application).visits.stop()


@pytest.fixture
async def shortlinks_app(app: FastAPI) -> AsyncIterator[FastAPI]:
    """The app with the demo account; its visit writer is stopped (and flushed) at the end."""
    from flowhooks.accounts import demo

    await demo.seed(app.state.runtime.db)
    yield app
    await links_of(app).visits.stop()


@dataclass
class LiveServer:
    """A uvicorn server on 127.0.0.1 (ephemeral port) serving an app built by app_factory."""

    app: FastAPI
    base_url: str


@pytest.fixture
async def live_server(app_factory: Any) -> AsyncIterator[LiveServer]:
    """A real HTTP server on the test database, with the demo account seeded."""
    from flowhooks.accounts import demo

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    application: FastAPI = await app_factory(public_base_url=base, account_cache_seconds=5.0)
    await demo.seed(application.state.runtime.db)
    config = uvicorn.Config(
        application, lifespan="off", log_level="warning", access_log=False, timeout_keep_alive=60
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    yield LiveServer(application, base)
    server.should_exit = True
    await task
    await links_of(application).visits.stop()


def browser_client(base_url: str, **kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, headers={"User-Agent": BROWSER}, **kwargs)
