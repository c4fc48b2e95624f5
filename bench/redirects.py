"""Benchmark: the short-link redirect against the bare endpoint of the same stack, one run.

Starts `flowhooks serve` (uvicorn, one process, SQLite) on 127.0.0.1, creates a short link
through the seed's API, then drives it with a small keep-alive HTTP/1.1 load generator
(raw asyncio streams, so the client costs far less than the server):

1. closed-loop throughput of `GET /healthz` (the bare endpoint: same app, no database);
2. closed-loop throughput of `GET /{code}` (lookup, bot check, visit queued, 302);
3. open-loop latency of `GET /{code}` at half of the redirect's own throughput (requests
   are sent on a fixed schedule and timed from the schedule, so a stall is not hidden),
   and of `GET /healthz` at the same rate, to tell the stack's latency from ours.

Then it stops the server and checks that every redirect was stored as a visit. Prints the
figures and the ratios against the targets (≥ 60 % of the bare throughput, p99 < 10 ms at
half load). Usage: `.venv/bin/python bench/redirects.py [--seconds 5] [--connections 32]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOWHOOKS = str(Path(sys.executable).with_name("flowhooks"))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


def _raw(path: str) -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {BROWSER}\r\n\r\n").encode()


SENT: dict[str, int] = {}


async def closed_loop(port: int, path: str, seconds: float, connections: int) -> float:
    """Requests per second with `connections` clients each sending back to back."""
    raw = _raw(path)
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            await _request(reader, writer, raw)
            done += 1
            SENT[path] = SENT.get(path, 0) + 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return done / (time.perf_counter() - started)


async def open_loop(
    port: int, path: str, rate: float, seconds: float, connections: int
) -> list[float]:
    """Latencies (ms) of requests sent on a fixed schedule of `rate` per second."""
    raw = _raw(path)
    latencies: list[float] = []
    per_connection = rate / connections

    async def client(offset: float) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        interval = 1.0 / per_connection
        start = time.perf_counter() + offset * interval
        for n in range(int(seconds * per_connection)):
            scheduled = start + n * interval
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await _request(reader, writer, raw)
            SENT[path] = SENT.get(path, 0) + 1
            latencies.append((time.perf_counter() - scheduled) * 1000)
        writer.close()

    await asyncio.gather(*(client(i / connections) for i in range(connections)))
    return latencies


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _create_link(port: int) -> str:
    import httpx

    answer = httpx.post(
        f"http://127.0.0.1:{port}/UrlShortner/phonon/shortUrl",
        json={"custToken": "abcd1234", "longUrl": "https://example.com/landing"},
    )
    answer.raise_for_status()
    return str(answer.json()["shortUrl"]).rsplit("/", 1)[-1]


async def measure(port: int, code: str, seconds: float, connections: int) -> dict[str, float]:
    await closed_loop(port, "/healthz", 1.0, connections)  # warm-up
    await closed_loop(port, f"/{code}", 1.0, connections)
    bare = await closed_loop(port, "/healthz", seconds, connections)
    redirect = await closed_loop(port, f"/{code}", seconds, connections)
    bare_latencies = await open_loop(port, "/healthz", redirect / 2, seconds, connections)
    latencies = await open_loop(port, f"/{code}", redirect / 2, seconds, connections)
    cuts = statistics.quantiles(latencies, n=100)
    bare_cuts = statistics.quantiles(bare_latencies, n=100)
    return {
        "bare_rps": bare,
        "redirect_rps": redirect,
        "ratio": redirect / bare,
        "half_load_rps": redirect / 2,
        "p50_ms": cuts[49],
        "p99_ms": cuts[98],
        "bare_p50_ms_same_rate": bare_cuts[49],
        "bare_p99_ms_same_rate": bare_cuts[98],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="flowhooks-bench-"))
    port = _free_port()
    env = {
        **os.environ,
        "FLOWHOOKS_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bench.db'}",
        "FLOWHOOKS_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "FLOWHOOKS_LOG_LEVEL": "warning",
    }
    subprocess.run([FLOWHOOKS, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [FLOWHOOKS, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    try:
        _wait_ready(port, server)
        code = _create_link(port)
        figures = asyncio.run(measure(port, code, args.seconds, args.connections))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with sqlite3.connect(workdir / "bench.db") as db:
        stored = db.execute("SELECT count(*) FROM short_link_visits").fetchone()[0]
    figures["redirects_sent"] = SENT.get(f"/{code}", 0)
    figures["visits_stored"] = stored
    print(json.dumps({k: round(v, 2) for k, v in figures.items()}, indent=2))
    print(
        f"redirect/bare throughput: {figures['ratio']:.0%} (target ≥ 60%); "
        f"p99 at half load: {figures['p99_ms']:.1f} ms (target < 10 ms)"
    )


if __name__ == "__main__":
    main()
