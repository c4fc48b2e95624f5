"""The README's shell commands run as written against a fresh demo.

Every ```sh block of README.md is split into its commands, and each command is run verbatim
with bash, in order, against `flowhooks demo` serving on localhost:8000 (the port the
README's curl commands name). The demo is what `scripts/demo` starts, minus its bootstrap:
`.venv/bin/flowhooks demo` on a temporary SQLite file and data directory. The commands run
in a temporary directory whose `.venv` is this environment's (as after `scripts/demo`), with
`.venv/bin` first on PATH (the README's `source .venv/bin/activate`), so nothing is written
into the checkout.

Each command must exit 0. A comment on its own line after a command is the answer the README
shows for it: the output must contain it, `...` standing for any text in between. A comment
at the end of a command's line describes it and is not checked. Commands that start servers,
run the test suite or need another machine are listed in NOT_RUN with the reason.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import flowhooks
from tests.demo_server import port_free, running_demo

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
VENV = Path(sys.executable).parent.parent
SOURCE = Path(flowhooks.__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"
# The port the README's curl commands name (localhost:8000).
PORT = 8000
# The demo starts in a few seconds on an idle machine; this allows for a shared one.
COMMAND_SECONDS = 60

# The README's commands that this test does not run, by their words (shlex, comments
# dropped), each with the reason.
NOT_RUN: dict[str, str] = {
    "scripts/demo": "bootstraps the environment, then serves until stopped; "
    "the test starts the same `flowhooks demo` itself",
    "scripts/test": "runs the whole suite, this test included",
    "export FLOWHOOKS_DATABASE_URL=postgresql+asyncpg://flowhooks@db/flowhooks": (
        "names the PostgreSQL server of another machine (host `db`)"
    ),
    "flowhooks db upgrade": "migrates the PostgreSQL database of the export above (host `db`)",
    "FLOWHOOKS_EMBEDDED_WORKER=false flowhooks serve --host 0.0.0.0 --port 8000 --workers 4": (
        "serves until stopped, on the PostgreSQL of host `db`"
    ),
    "flowhooks worker &": "runs until stopped, on the PostgreSQL of host `db`",
}


@dataclass(frozen=True)
class Command:
    """One shell command of the README, verbatim, and the answer the README shows for it."""

    text: str
    expected: str | None = None

    @property
    def words(self) -> str:
        """The command's words, its comments dropped: how NOT_RUN names it."""
        return " ".join(shlex.split(self.text, comments=True))


def _complete(text: str) -> bool:
    """The text is whole shell words (no quote left open, no trailing backslash)."""
    if text.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def sh_blocks(markdown: str) -> list[str]:
    """The bodies of the ```sh fences, in order."""
    blocks: list[str] = []
    lines: list[str] | None = None
    for line in markdown.splitlines():
        if lines is None:
            if line.strip() == "```sh":
                lines = []
        elif line.strip() == "```":
            blocks.append("\n".join(lines))
            lines = None
        else:
            lines.append(line)
    assert lines is None, "README.md has a ```sh block that is never closed"
    return blocks


def commands(block: str) -> list[Command]:
    """The block's commands (a quoted argument may span lines); a comment line after a
    command is its expected answer."""
    found: list[Command] = []
    pending = ""
    for line in block.splitlines():
        if not pending and not line.strip():
            continue
        if not pending and line.lstrip().startswith("#"):
            assert found, f"a comment before any command: {line!r}"
            answer = line.lstrip()[1:].strip()
            last = found[-1]
            joined = answer if last.expected is None else f"{last.expected}\n{answer}"
            found[-1] = Command(last.text, joined)
            continue
        pending = f"{pending}\n{line}" if pending else line
        if _complete(pending):
            found.append(Command(pending))
            pending = ""
    assert not pending, f"an unfinished command: {pending!r}"
    return found


def readme_commands() -> list[Command]:
    return [command for block in sh_blocks(README.read_text()) for command in commands(block)]


def shows(output: str, expected: str) -> bool:
    """The output contains the expected answer's parts, in order (`...` is any text)."""
    position = 0
    for part in (piece.strip() for piece in expected.split("...")):
        if not part:
            continue
        found = output.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true makes the README test mandatory: {reason}")
    pytest.skip(reason)


def _port_free(port: int) -> bool:
    """Nothing listens on the port on 127.0.0.1 or ::1 (curl tries both for localhost)."""
    return port_free(port, addresses=("127.0.0.1", "::1"))


def _checkout_state() -> set[str] | None:
    """Untracked and ignored paths of the checkout (None outside a git checkout)."""
    try:
        listing = subprocess.run(
            ["git", "status", "--porcelain", "--ignored"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line[3:] for line in listing.stdout.splitlines() if line[:2] in {"??", "!!"}}


@dataclass(frozen=True)
class Demo:
    """Where the README's commands run: a directory and the environment of its shell."""

    directory: Path
    env: dict[str, str]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """`flowhooks demo` on localhost:8000, on a temporary database and data directory."""
    if not _port_free(PORT):
        _unavailable(f"port {PORT} is in use and the README's commands name localhost:{PORT}")
    if subprocess.run(["bash", "-c", "command -v curl"], capture_output=True).returncode:
        _unavailable("curl is not installed and the README's commands use it")
    (tmp_path / ".venv").symlink_to(VENV, target_is_directory=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("FLOWHOOKS_")}
    env |= {
        "FLOWHOOKS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'flowhooks.db'}",
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "var"),
        "FLOWHOOKS_LOG_LEVEL": "warning",
        # The source this test imports, whichever checkout the environment was built from.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")])),
        "PYTHONDONTWRITEBYTECODE": "1",
        # `source .venv/bin/activate`, as the README asks before its bare `flowhooks`.
        "VIRTUAL_ENV": str(tmp_path / ".venv"),
        "PATH": f"{tmp_path / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    command = [str(tmp_path / ".venv" / "bin" / "flowhooks"), "demo"]
    with running_demo(command, cwd=tmp_path, env=env, base=f"http://127.0.0.1:{PORT}"):
        yield Demo(tmp_path, env)


def test_the_readme_commands_run_as_written_against_a_fresh_demo(demo: Demo) -> None:
    """Every README command not in NOT_RUN exits 0 and prints the answer the README shows."""
    before = _checkout_state()
    ran = 0
    for command in readme_commands():
        if command.words in NOT_RUN:
            continue
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-c", command.text],
            cwd=demo.directory,
            env=demo.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
        )
        said = f"$ {command.text}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        assert result.returncode == 0, f"exit {result.returncode}\n{said}"
        if command.expected is not None:
            assert shows(result.stdout, command.expected), f"expected {command.expected}\n{said}"
        ran += 1
    assert ran > 0
    if before is not None:
        after = _checkout_state()
        assert after is not None
        assert after <= before, f"written into the checkout: {sorted(after - before)}"


def test_every_command_not_run_is_in_the_readme() -> None:
    """NOT_RUN names only commands the README has (an edited README updates the list)."""
    words = {command.words for command in readme_commands()}
    assert set(NOT_RUN) <= words, sorted(set(NOT_RUN) - words)


def test_a_quoted_argument_spans_lines_and_a_comment_line_is_the_answer() -> None:
    """A command continues while a quote is open; the comment line under it is its answer,
    a comment at the end of its line is not."""
    block = 'curl -d \'{\n  "a": 1}\'\n# {"ok"...}\nscripts/demo   # serves\n'
    assert commands(block) == [
        Command("curl -d '{\n  \"a\": 1}'", '{"ok"...}'),
        Command("scripts/demo   # serves"),
    ]


def test_an_answer_with_an_ellipsis_matches_any_text_between_its_parts() -> None:
    """`...` stands for any text; the parts must appear in order."""
    assert shows('{"a":1,"b":2,"c":3}', '{"a":1,...,"c":3}')
    assert not shows('{"c":3,"a":1}', '{"a":1,...,"c":3}')
