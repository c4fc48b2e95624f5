"""A real `flowhooks demo` process for the tests that run the examples as a newcomer would."""

from __future__ import annotations

import errno
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

START_SECONDS = 120


def port_free(port: int, *, addresses: tuple[str, ...] = ("127.0.0.1",)) -> bool:
    """Nothing listens on `port` at any of `addresses` (an address not configured is skipped).

    The probe binds with SO_REUSEADDR, as uvicorn and the demo dialer do, so connections
    still in TIME_WAIT from a server that just stopped do not count as the port in use.
    """
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        try:
            probe = socket.socket(family)
        except OSError:  # no IPv6 on this machine
            continue
        with probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((address, port))
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL:  # ::1 not configured
                    continue
                return False
    return True


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
