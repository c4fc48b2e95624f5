"""TCP servers on 127.0.0.1 that accept connections and then never finish answering.

`silent`: accepts, reads whatever comes, never writes a byte (a hung provider or database
host). `trickling`: starts an HTTP answer and sends one more header byte at a time, each
well inside any per-read timeout, forever (a client that only bounds each read waits on).
Both count the connections they accepted, so a test can tell its calls reached them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass
class HungServer:
    """Where it listens and what it has accepted."""

    port: int = 0
    connections: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def hung_server(*, trickle_every: float | None = None) -> AsyncIterator[HungServer]:
    """A server that never completes an answer (silent, or trickling when ``trickle_every``)."""
    hung = HungServer()
    tasks: set[asyncio.Task[None]] = set()

    async def drain(reader: asyncio.StreamReader) -> None:
        with contextlib.suppress(ConnectionError):
            while await reader.read(65536):
                pass

    async def trickle(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\n")
        with contextlib.suppress(ConnectionError):
            while trickle_every is not None:
                writer.write(b"X")
                await writer.drain()
                await asyncio.sleep(trickle_every)

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hung.connections += 1
        hung.writers.append(writer)
        work = [asyncio.create_task(drain(reader))]
        if trickle_every is not None:
            work.append(asyncio.create_task(trickle(writer)))
        tasks.update(work)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    hung.port = server.sockets[0].getsockname()[1]
    try:
        yield hung
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for writer in hung.writers:
            writer.close()
        server.close()
        await server.wait_closed()
