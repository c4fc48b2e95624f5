"""`flowhooks serve` stopped with SIGTERM (how systemd, Docker and Kubernetes stop it) shuts
down gracefully and exits 0. uvicorn re-raises the signal after its shutdown, which used to
end the process as killed by SIGTERM (-15) even though it had stopped cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def test_serve_exits_0_after_a_graceful_sigterm(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "FLOWHOOKS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "data"),
        "FLOWHOOKS_LOG_LEVEL": "warning",
    }
    flowhooks = str(Path(sys.executable).parent / "flowhooks")
    stderr = tmp_path / "serve.stderr"
    with stderr.open("wb") as err:
        server = subprocess.Popen(
            [flowhooks, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, stderr.read_text()
            assert time.monotonic() < deadline, "serve did not become ready in 60 s"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    output = stderr.read_text()
    assert code == 0, output
    assert "Traceback" not in output, output
