"""Local servers for report delivery: an HTTP upload receiver and an SMTP server.

A report of a call that really went through the create API, the dialer and its status report
uses the outbound suite's `outbound` app and fake dialer (tests/outbound/fixtures.py).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest
import uvicorn
from aiosmtpd.controller import Controller

from tests.reports.report_servers import Inbox, Receiver, SmtpServer, receiver_app


@asynccontextmanager
async def serve_receiver(port: int = 0) -> AsyncIterator[Receiver]:
    """Run an upload receiver on 127.0.0.1:`port` (0 = any free port) until the block ends."""
    state = Receiver()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    bound = sock.getsockname()[1]
    config = uvicorn.Config(receiver_app(state), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    state.url = f"http://127.0.0.1:{bound}/upload"
    try:
        yield state
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A real HTTP server on 127.0.0.1 that accepts report uploads at /upload."""
    async with serve_receiver() as state:
        yield state


@pytest.fixture
def closed_port() -> int:
    """A local port with nothing listening on it: a destination that is down."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def smtp_server(closed_port: int) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=closed_port)
    controller.start()
    try:
        yield SmtpServer(port=closed_port, inbox=inbox)
    finally:
        controller.stop()
