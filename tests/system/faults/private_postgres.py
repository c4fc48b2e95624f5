"""A private PostgreSQL cluster for one test: initdb, pg_ctl start / stop, and cleanup.

The fault tests stop and restart PostgreSQL under load; the machine's shared cluster on
5432 serves other work, so they run their own: a data directory and a unix-socket
directory in a temporary directory, TCP on a free 127.0.0.1 port, trust authentication.
initdb refuses to run as root, so as root every command runs as the `postgres` OS user
(`runuser -u postgres --`). Without the server binaries the test is skipped with the
reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
SERVER_USER = "postgres"


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl."""
    found = [
        Path(path)
        for path in glob.glob("/usr/lib/postgresql/*/bin")
        if (Path(path) / "initdb").exists() and (Path(path) / "pg_ctl").exists()
    ]
    found.sort(key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)
    return found[-1] if found else None


def free_port() -> int:
    """A TCP port nothing listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PrivateCluster:
    """One cluster: where it lives, its port, and the commands to start and stop it."""

    bin_dir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the cluster's `postgres` database (TCP, trust)."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _command(self, *args: str) -> list[str]:
        return [*self.as_user, str(self.bin_dir / args[0]), *args[1:]]

    def init(self) -> None:
        subprocess.run(
            self._command(
                "initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync", "--no-instructions",
            ),
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def _ctl(self, *args: str, wait: bool = True) -> list[str]:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        return self._command(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-o", options,
            "-w" if wait else "-W", *args,
        )  # fmt: skip

    def start(self) -> None:
        subprocess.run(self._ctl("start"), check=True, capture_output=True, timeout=60)

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(self._ctl("stop", "-m", mode), check=True, capture_output=True, timeout=60)

    async def start_async(self) -> None:
        """Start without blocking the event loop (load keeps running meanwhile)."""
        await _run_async(self._ctl("start"))

    async def stop_async(self, mode: str = "fast") -> None:
        """Stop without blocking the event loop."""
        await _run_async(self._ctl("stop", "-m", mode))

    async def begin_smart_shutdown(self) -> None:
        """Ask for a smart shutdown and return at once: open sessions go on, new ones are
        refused with "the database system is shutting down" until they end."""
        await _run_async(self._ctl("stop", "-m", "smart", wait=False))
        await asyncio.sleep(0.2)  # the postmaster handles the signal within milliseconds

    def server_log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


async def _run_async(command: list[str]) -> None:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    if process.returncode != 0:
        raise RuntimeError(f"{command[-1]} failed ({process.returncode}): {output.decode()}")


def unavailable_reason() -> str | None:
    """None when a private cluster can be made here, else why not."""
    if find_bin_dir() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses root"
    return None


def make_cluster() -> PrivateCluster:
    """An initialised (not started) cluster in a new temporary directory."""
    reason = unavailable_reason()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true makes the fault tests mandatory: {reason}")
        pytest.skip(reason)
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="flowhooks-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
        as_user = ["runuser", "-u", SERVER_USER, "--"]
    cluster = PrivateCluster(bin_dir=bin_dir, root=root, port=free_port(), as_user=as_user)
    try:
        cluster.init()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def remove_cluster(cluster: PrivateCluster) -> None:
    """Stop the cluster (immediately) if it runs, and delete its directory."""
    if (cluster.data_dir / "postmaster.pid").exists():
        subprocess.run(cluster._ctl("stop", "-m", "immediate"), capture_output=True, timeout=60)
    shutil.rmtree(cluster.root, ignore_errors=True)
