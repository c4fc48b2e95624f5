"""Start a server under test as its own process group, wait until it answers, stop it.

The bare apps are served by uvicorn (uvloop + httptools, no access log) or granian (ASGI
interface, uvloop) directly; flowhooks is started through its own CLI so the bench
measures what a user runs. Servers bind 127.0.0.1 on a free ephemeral port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bench.cases import Target

SERVERS = ("uvicorn", "granian")
HOST = "127.0.0.1"


def free_port() -> int:
    """Ask the kernel for a free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(
    target: Target, server: str, processes: int, port: int, venv_bin: Path
) -> list[str]:
    """The command line that serves ``target`` with ``server`` in ``processes`` processes."""
    if server not in SERVERS:
        raise ValueError(f"unknown server {server!r}; expected one of {', '.join(SERVERS)}")
    if target.asgi_app is None:
        return [
            str(venv_bin / "flowhooks"), "serve", "--host", HOST, "--port", str(port),
            "--workers", str(processes), "--server", server,
        ]  # fmt: skip
    if server == "uvicorn":
        return [
            str(venv_bin / "python"), "-m", "uvicorn", target.asgi_app,
            "--host", HOST, "--port", str(port), "--workers", str(processes),
            "--loop", "uvloop", "--http", "httptools", "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
    return [
        str(venv_bin / "granian"), "--interface", "asgi", "--host", HOST, "--port", str(port),
        "--workers", str(processes), "--loop", "uvloop", "--no-ws", "--log-level", "warning",
        target.asgi_app,
    ]  # fmt: skip


def process_tree(root: int) -> list[int]:
    """The pid ``root`` and every descendant of it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in KiB (VmRSS from /proc)."""
    total = 0
    for member in process_tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


@dataclass
class ServerProcess:
    """A running server; use as a context manager so it is always stopped."""

    command: list[str]
    env: Mapping[str, str]
    cwd: Path
    port: int
    ready_path: str
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The server's root URL."""
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        """The pid of the server's main process."""
        if self.process is None:
            raise RuntimeError("the server is not running")
        return self.process.pid

    def __enter__(self) -> ServerProcess:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                env=dict(self.env),
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_ready(self, timeout: float = 180.0) -> None:
        """Poll the ready path until it answers 200; fail with the server's log if it dies."""
        deadline = time.monotonic() + timeout
        url = self.base_url + self.ready_path
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}: {' '.join(self.command)}\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (our http URL)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout:.0f}s at {url}\n" + self.log_tail())

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the server wrote."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server's process group, then SIGKILL it if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session made it the group leader
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # workers that outlived their supervisor
            os.killpg(pgid, signal.SIGKILL)
