"""`flowhooks agents …` commands against a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    cli = CliRunner()
    created = cli.invoke(app, ["accounts", "create", "--id", "3", "--name", "Fund house"])
    assert created.exit_code == 0, created.output
    return cli


def test_add_list_and_remove_an_agent(runner: CliRunner) -> None:
    """An agent added by number in any form is listed in E.164, AVAILABLE, and removable."""
    added = runner.invoke(
        app, ["agents", "add", "--account", "3", "--cli", "099797 46666", "--name", "Asha"]
    )
    assert added.exit_code == 0, added.output
    assert '"cli": "+919979746666"' in added.output
    listed = runner.invoke(app, ["agents", "list", "--account", "3"])
    assert listed.exit_code == 0, listed.output
    number, name, status, pending, _since = listed.output.strip().split("\t")
    assert (number, name, status, pending) == ("+919979746666", "Asha", "AVAILABLE", "NONE")
    removed = runner.invoke(app, ["agents", "remove", "--account", "3", "--cli", "+919979746666"])
    assert removed.exit_code == 0, removed.output
    assert runner.invoke(app, ["agents", "list", "--account", "3"]).output == ""


def test_duplicate_and_bad_numbers_are_refused(runner: CliRunner) -> None:
    """A number registered twice or not a phone number exits with an error."""
    args = ["agents", "add", "--account", "3", "--cli", "+919979746666", "--name", "Asha"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "CONFLICT" in again.output
    bad = runner.invoke(app, ["agents", "add", "--account", "3", "--cli", "12", "--name", "X"])
    assert bad.exit_code != 0
    missing = runner.invoke(app, ["agents", "remove", "--account", "3", "--cli", "+919812345678"])
    assert missing.exit_code == 1


def test_unknown_account_is_refused(runner: CliRunner) -> None:
    """Adding an agent to an account that does not exist fails with NOT_FOUND."""
    result = runner.invoke(
        app, ["agents", "add", "--account", "99", "--cli", "+919979746666", "--name", "A"]
    )
    assert result.exit_code == 1
    assert "NOT_FOUND" in result.output


def test_breaks_prints_nothing_without_breaks(runner: CliRunner) -> None:
    """The break report of agents who never paused is empty."""
    runner.invoke(
        app, ["agents", "add", "--account", "3", "--cli", "+919979746666", "--name", "Asha"]
    )
    result = runner.invoke(
        app, ["agents", "breaks", "--account", "3", "--from", "2026-11-01", "--to", "2026-11-02"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
