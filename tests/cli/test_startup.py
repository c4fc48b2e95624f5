"""`flowhooks` starts fast: help and quick commands load no heavy module; flags read as flags."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flowhooks.cli.main import app

# Run the console script's main() in a fresh interpreter and report what it imported.
IMPORTS_OF = """
import json, sys
sys.argv = ["flowhooks", *sys.argv[1:]]
from flowhooks.cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = (
    "numpy",
    "sklearn",
    "lingua",
    "wordfreq",
    "argon2",
    "alembic",
    "fastapi",
    "holidays",
    "yaml",
    "structlog",
    "rich",
    "flowhooks.language.nlu.builtin",
    "flowhooks.language.nlu.classifier",
    "flowhooks.language.detect",
    "flowhooks.methods",
)


def imported_by(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules `flowhooks *args` imported, run as its own process."""
    result = flowhooks(*args, env=env)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def flowhooks(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    src = str(Path(__file__).parents[2] / "src")
    return subprocess.run(
        [sys.executable, "-c", IMPORTS_OF, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": src, **(env or {})},
        timeout=120,
        check=False,
    )


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_heavy_module() -> None:
    """`flowhooks --help` loads no NLU, numpy, argon2, database, web app or rich."""
    modules = imported_by("--help")
    assert "flowhooks.cli.main" in modules
    assert heavy(modules) == []
    assert "sqlalchemy" not in modules


def test_accounts_list_imports_no_heavy_module(tmp_path: Path) -> None:
    """`flowhooks accounts list` on a current database needs neither Alembic nor the NLU."""
    env = {
        "FLOWHOOKS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "data"),
    }
    assert "alembic" in imported_by("db", "upgrade", env=env)  # a fresh file is migrated
    modules = imported_by("accounts", "list", env=env)
    assert "flowhooks.store.accounts" in modules
    assert heavy(modules) == []


def test_each_command_works_in_a_process_of_its_own(tmp_path: Path) -> None:
    """A command imports what it needs by itself: a flow is created and changed by separate
    processes (the ORM needs the accounts table the flows table refers to)."""
    env = {
        "FLOWHOOKS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "data"),
    }
    steps = (
        ("accounts", "create", "--id", "7", "--name", "Seven"),
        ("flows", "create", "--account", "7", "--flow-id", "CLIFLOW1", "--dialer", "http"),
        ("flows", "update", "--account", "7", "--flow-id", "CLIFLOW1", "--inactive"),
        ("agents", "add", "--account", "7", "--cli", "09979746666", "--name", "Asha"),
        ("agents", "remove", "--account", "7", "--cli", "09979746666"),
    )
    for step in steps:
        result = flowhooks(*step, env=env)
        assert result.returncode == 0, (step, result.stderr[-2000:])


def every_command(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of `command` and of every command under it (a group has `commands`)."""
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += every_command(sub, (*path, name))
    return found


@pytest.mark.parametrize("path", every_command(typer.main.get_command(app)), ids=" ".join)
def test_flags_show_as_flags(path: tuple[str, ...]) -> None:
    """No option in any command's help carries a `<bool>` placeholder."""
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "--help " in result.output


def test_a_flag_is_listed_without_a_value() -> None:
    """`demo --help` shows `--no-serve` alone, and valued options with their type."""
    output = CliRunner().invoke(app, ["demo", "--help"]).output
    lines = {line.split()[0]: line.split()[1] for line in output.splitlines() if "--" in line}
    assert lines["--no-serve"] == "Only"
    assert lines["--port"] == "<int>"
