"""The whole-suite secret scan itself: it finds what it must, and a leak fails the run.

Nothing here emits a secret into this run's logs or databases: lines are scanned as strings,
rows live in a database of their own, and the failing run is a separate pytest process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from flowhooks.accounts.demo import DEMO_CUST_TOKEN
from flowhooks.redaction import REDACTED
from flowhooks.store.database import Database
from flowhooks.store.invocations import InvocationRow
from flowhooks.store.models import Base
from tests.conftest import ADMIN
from tests.outbound.fixtures import DIALER_SECRET, EXOTEL_API_TOKEN
from tests.secret_registry import literals_of, suite_secrets, worth_registering
from tests.secret_scan import SecretRegistry, SecretScan, new_scan, report, scan_lines

REPO = Path(__file__).resolve().parent.parent


def test_a_registered_secret_in_a_line_is_reported() -> None:
    """A line holding a registered secret is a finding naming the secret, test and line."""
    registry = SecretRegistry(suite_secrets())
    text = f"ok line\n2026-01-01 [info] shortened custToken={DEMO_CUST_TOKEN} code=x\n"
    [finding] = scan_lines(registry, text, "tests/x.py::test_y", "Captured stderr call")
    assert finding.secret == DEMO_CUST_TOKEN
    assert finding.test == "tests/x.py::test_y"
    assert finding.line.endswith(f"custToken={DEMO_CUST_TOKEN} code=x")
    shown = report([finding])
    assert repr(DEMO_CUST_TOKEN) in shown
    assert "tests/x.py::test_y" in shown
    assert "flowhooks.accounts.demo.DEMO_CUST_TOKEN" in shown


def test_a_redacted_line_is_clean() -> None:
    """The same line as redaction.py writes it has nothing to report."""
    registry = SecretRegistry(suite_secrets())
    line = f"2026-01-01 [info] shortened custToken={REDACTED} code=x"
    assert scan_lines(registry, line, "t", "structlog") == []


def test_a_secret_registered_at_run_time_is_found() -> None:
    """A generated token registered by a test is searched for from then on."""
    scan = SecretScan(SecretRegistry({}))
    scan.log_line("token tk_9f8e7d6c", "structlog")
    scan.register("tk_9f8e7d6c")
    scan.log_line("token tk_9f8e7d6c", "structlog")
    [finding] = scan.findings
    assert finding.secret == "tk_9f8e7d6c"


def test_a_subprocess_log_is_scanned_when_the_test_ends() -> None:
    """What a subprocess wrote to its SCAN.subprocess_log() file is scanned, then dropped."""
    scan = new_scan()
    try:
        log = scan.subprocess_log("worker")
        log.write_text(f"starting\nusing dialer secret {DIALER_SECRET}\n")
        scan.scan_subprocess_logs("tests/x.py::test_w")
        scan.scan_subprocess_logs("tests/x.py::test_next")
    finally:
        scan.close()
    [finding] = scan.findings
    assert (finding.secret, finding.test) == (DIALER_SECRET, "tests/x.py::test_w")
    assert finding.where.startswith("subprocess log worker-")
    assert not log.exists()


async def test_a_stored_invocation_holding_a_secret_is_reported(tmp_path: Path) -> None:
    """A row of the invocation log with a secret in its inputs is a finding naming the row."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'own.db'}")
    try:
        async with db.session() as session:
            connection = await session.connection()
            await connection.run_sync(Base.metadata.create_all)
        row = InvocationRow(
            request_id="r1",
            created_at=datetime.now(UTC),
            method="linkCreation",
            path="/webhook",
            status="SUCCESS",
            http_status=200,
            inputs=[{"name": "$flow.key.token", "value": DEMO_CUST_TOKEN}],
            outputs={},
            duration_ms=1.0,
        )
        async with db.session() as session:
            session.add(row)
        scan = new_scan()
        async with db.read() as session:
            await scan.scan_invocations(session, "tests/x.py::test_z")
    finally:
        await db.dispose()
    [finding] = scan.findings
    assert (finding.secret, finding.test) == (DEMO_CUST_TOKEN, "tests/x.py::test_z")
    assert finding.where.startswith("invocations row 1 (request r1")


def test_secret_literals_are_harvested_from_test_sources() -> None:
    """Constants, keywords, dict entries, variables, headers and CLI flags are read."""
    source = textwrap.dedent(
        """
        API_KEY = "const-key-1"
        DIALER_SECRET: str = "const-secret-2"
        call(api_key="keyword-3", name="not-a-secret")
        body = {"custToken": "entry-4", "longUrl": "https://example.com/"}
        keys = [{"name": "$flow.key.apiKey", "value": "variable-5"}]
        pairs = [("$flow.key.token", "pair-9"), ("$flow.key.lang", "hindi-language")]
        headers = {"Authorization": "Bearer header-6"}
        invoke("accounts", "create", "--cust-token", "flag-7", "--name", "Bank")
        def basic(user, password): ...
        basic("bank", "positional-8")
        cache_key = "not-a-secret-either"
        """
    )
    found = {value for value, _line in literals_of(source)}
    assert found == {
        "const-key-1",
        "const-secret-2",
        "keyword-3",
        "entry-4",
        "variable-5",
        "header-6",
        "flag-7",
        "positional-8",
        "pair-9",
    }
    assert not worth_registering("k")
    assert not worth_registering("x" * 64)


def test_the_registry_holds_the_suite_secrets() -> None:
    """The registry has the demo credential and the secrets the test suites share."""
    registry = suite_secrets()
    for secret in (DEMO_CUST_TOKEN, ADMIN["Authorization"].split()[1], DIALER_SECRET):
        assert secret in registry
    assert EXOTEL_API_TOKEN in registry


def test_a_leak_fails_the_run(tmp_path: Path) -> None:
    """A run whose tests pass but log a secret exits non-zero and says where it was seen."""
    (tmp_path / "conftest.py").write_text(
        "from tests.secret_scan import new_scan\n\n\n"
        "def pytest_configure(config):\n"
        "    config.pluginmanager.register(new_scan(), 'secret-scan')\n"
    )
    (tmp_path / "test_leaky.py").write_text(
        textwrap.dedent(
            """
            import structlog
            from flowhooks.accounts.demo import DEMO_CUST_TOKEN

            def test_logs_it():
                structlog.get_logger("leaky").info("shortened", note="got " + DEMO_CUST_TOKEN)

            def test_redacts_it():
                structlog.get_logger("careful").info("shortened", custToken=DEMO_CUST_TOKEN)
            """
        )
    )
    # Only the scan as a plugin: the suite's others (hypothesis, schemathesis…) cost seconds.
    env = os.environ | {"PYTHONPATH": str(REPO), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "2 passed" in out
    assert "secret scan: FAILED" in out
    assert f"secret {DEMO_CUST_TOKEN!r}" in out
    assert "test_leaky.py::test_logs_it, structlog" in out
    assert f"note='got {DEMO_CUST_TOKEN}'" in out or f"note=got {DEMO_CUST_TOKEN}" in out
    assert "test_redacts_it" not in out
