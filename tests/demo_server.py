"""A real `flowhooks demo` process for the tests that run the examples as a newcomer would."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

START_SECONDS = 120


@contextmanager
def running_demo(
    command: list[str], *, cwd: Path, env: dict[str, str], base: str
) -> Iterator[Path]:
    """Start `command` (a `flowhooks demo`), wait for `base`/readyz, yield its log, stop it."""
    log = cwd / "demo.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, f"the demo was not ready in {START_SECONDS} s"
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        yield log
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
