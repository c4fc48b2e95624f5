"""The whole-suite secret scan: no secret a test used may reach a log line or a stored invocation.

A pytest plugin (registered by tests/conftest.py) that looks at everything the suite emits:

- every structlog line, as rendered by the production processors (redaction included):
  `flowhooks.logs.configure` is wrapped so lines go to a logger that hands each one to the
  scan, then prints it to the current sys.stderr as before;
- every standard-library log record that reaches the root logger;
- whatever pytest captured of each test's stdout, stderr and log (prints, uvicorn, the
  output of subprocesses that inherit the test's file descriptors);
- the output of subprocesses a test starts with `stdout=`/`stderr=` a file from
  `SCAN.subprocess_log()`, read when the test ends;
- every row of the invocation log, read just before `_fresh` (tests/conftest.py) empties a
  database for the next test, and when the run's databases are dropped.

Each line is searched for every value of the registry (tests/secret_registry.py). At the
end of the run any finding — which secret, which test, which line or row — is printed and
the run fails, whatever the tests' own results.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks import logs
from flowhooks.store.invocations import InvocationRow
from tests.secret_registry import suite_secrets

OUTSIDE_TESTS = "(outside any test)"
EXCERPT = 160  # characters of context shown either side of a found secret


@dataclass(frozen=True)
class Finding:
    """One secret seen where it must never be."""

    secret: str
    source: str  # where the registry found it ("tests/x.py:12")
    test: str  # node id of the test that was running
    where: str  # "structlog", "Captured stderr call", "invocations row 3", …
    line: str


class SecretRegistry:
    """Secret values, searched for as plain substrings (fast enough for the whole suite's
    output, and no pattern to rebuild each time a test registers a generated token)."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = dict(secrets)

    def register(self, value: str, source: str) -> None:
        if value and value not in self.secrets:
            self.secrets[value] = source

    def find(self, text: str) -> list[str]:
        """The registered secrets in `text`; one inside a longer one found is not repeated."""
        found = [secret for secret in self.secrets if secret in text]
        return [s for s in found if not any(s != other and s in other for other in found)]


def scan_lines(registry: SecretRegistry, text: str, test: str, where: str) -> list[Finding]:
    """Every (secret, line) of `text` where a registered secret occurs."""
    if not registry.find(text):
        return []
    return [
        Finding(secret, registry.secrets[secret], test, where, line)
        for line in text.splitlines()
        for secret in registry.find(line)
    ]


def invocation_text(row: InvocationRow) -> str:
    """One invocation row as one line of JSON: every column a reader of the log sees."""
    columns = {c.key: getattr(row, c.key) for c in sa.inspect(InvocationRow).columns}
    return orjson.dumps(columns, default=str).decode()


def _excerpt(finding: Finding) -> str:
    at = finding.line.find(finding.secret)
    start, end = max(0, at - EXCERPT), at + len(finding.secret) + EXCERPT
    head = "…" if start > 0 else ""
    tail = "…" if end < len(finding.line) else ""
    return head + finding.line[start:end].strip() + tail


def report(findings: Iterable[Finding]) -> str:
    """The failure report: per secret, each test and line where it was seen."""
    by_secret: dict[str, list[Finding]] = {}
    for finding in findings:
        by_secret.setdefault(finding.secret, []).append(finding)
    lines = []
    for secret, found in by_secret.items():
        lines.append(f"secret {secret!r} (registered from {found[0].source}):")
        for f in found:
            lines.append(f"  in test {f.test}, {f.where}:")
            lines.append(f"    {_excerpt(f)}")
    return "\n".join(lines)


class _ScannedStderrLogger:
    """structlog's PrintLogger, except that each line is scanned and sys.stderr is looked
    up at every line (a logger cached while a test captured stderr keeps working after)."""

    def __init__(self, scan: SecretScan) -> None:
        self._scan = scan

    def msg(self, message: str) -> None:
        self._scan.log_line(message, "structlog")
        print(message, file=sys.stderr, flush=True)

    log = debug = info = warn = warning = msg
    fatal = failure = err = error = critical = exception = msg


class _ScanHandler(logging.Handler):
    """Scans every standard-library record that reaches the root logger."""

    def __init__(self, scan: SecretScan) -> None:
        super().__init__(logging.NOTSET)
        self._scan = scan

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._scan.log_line(self.format(record), f"logging {record.name}")
        except Exception:  # a scan must never break the code under test
            self.handleError(record)


@dataclass(eq=False)
class SecretScan:
    """The plugin: collects findings during the run, fails the run at its end."""

    registry: SecretRegistry
    findings: list[Finding] = field(default_factory=list)
    test: str = OUTSIDE_TESTS
    lines_scanned: int = 0
    rows_scanned: int = 0
    _seen: set[tuple[str, str, str]] = field(default_factory=set)
    _watched: list[Path] = field(default_factory=list)
    _log_dir: Path | None = None
    _undo: list[Callable[[], None]] = field(default_factory=list)

    # -- what tests and fixtures call -----------------------------------------------------

    def register(self, value: str) -> None:
        """Add a secret a test only learns at run time (a generated token, a cookie)."""
        self.registry.register(value, f"registered at run time by {self.test}")

    def subprocess_log(self, name: str) -> Path:
        """A new file for a subprocess's output, scanned when the current test ends."""
        if self._log_dir is None:
            folder = Path(tempfile.mkdtemp(prefix="flowhooks-scan-"))
            self._undo.append(lambda: shutil.rmtree(folder, ignore_errors=True))
            self._log_dir = folder
        fd, path = tempfile.mkstemp(prefix=f"{name}-", suffix=".log", dir=self._log_dir)
        os.close(fd)
        self._watched.append(Path(path))
        return Path(path)

    def scan_subprocess_logs(self, test: str) -> None:
        """Scan (then forget) the subprocess logs handed out during `test`."""
        for path in self._watched:
            if path.exists():
                text = path.read_text(encoding="utf-8", errors="replace")
                self.lines_scanned += text.count("\n")
                self._add(scan_lines(self.registry, text, test, f"subprocess log {path.name}"))
        self._watched.clear()

    def log_line(self, text: str, where: str) -> None:
        self.lines_scanned += 1
        self._add(scan_lines(self.registry, text, self.test, where))

    async def scan_invocations(self, session: AsyncSession, test: str) -> None:
        """Scan every row of the invocation log in this database, written during `test`."""
        rows = (await session.scalars(sa.select(InvocationRow))).all()
        for row in rows:
            self.rows_scanned += 1
            where = f"invocations row {row.id} (request {row.request_id}, {row.method})"
            self._add(scan_lines(self.registry, invocation_text(row), test, where))

    def _add(self, findings: list[Finding]) -> None:
        for finding in findings:
            key = (finding.secret, finding.test, finding.line.strip())
            if key not in self._seen:
                self._seen.add(key)
                self.findings.append(finding)

    # -- pytest hooks -------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        original = logs.configure

        def configure(log_format: str = "console", level: str = "info") -> None:
            original(log_format, level)
            structlog.configure(logger_factory=lambda *_args: _ScannedStderrLogger(self))

        logs.configure = configure
        self._undo.append(lambda: setattr(logs, "configure", original))
        # Tests that log without building an app still log the production way.
        configure("console", "debug")
        handler = _ScanHandler(self)
        logging.getLogger().addHandler(handler)
        self._undo.append(lambda: logging.getLogger().removeHandler(handler))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.close()

    def close(self) -> None:
        """Put logging back as it was and remove the subprocess log files."""
        while self._undo:
            self._undo.pop()()

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        self.test = item.nodeid
        try:
            return (yield)
        finally:
            self.scan_subprocess_logs(item.nodeid)
            self.test = OUTSIDE_TESTS

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for title, content in report.sections:
            if not title.endswith(f" {report.when}"):
                continue  # a later phase's report repeats the earlier phases' sections
            self.lines_scanned += content.count("\n")
            self._add(scan_lines(self.registry, content, report.nodeid, title))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.findings and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        tr = terminalreporter
        if self.findings:
            tr.section("secret scan: FAILED", sep="=", red=True, bold=True)
            tr.write_line(
                f"{len(self.findings)} secret occurrence(s) in log lines or stored "
                "invocations; a secret must be redacted before it is logged or stored:"
            )
            tr.write_line(report(self.findings))
        else:
            tr.write_line(
                f"secret scan: {len(self.registry.secrets)} secrets, {self.lines_scanned} "
                f"log lines and {self.rows_scanned} invocation rows scanned, none found"
            )


def new_scan() -> SecretScan:
    return SecretScan(SecretRegistry(suite_secrets()))


SCAN = new_scan()
"""The run's scan; tests/conftest.py registers it as a plugin."""
