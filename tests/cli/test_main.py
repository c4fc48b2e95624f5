"""The CLI door: accounts, call (in-process), contacts erase, methods, db upgrade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", url)
    monkeypatch.setenv("FLOWHOOKS_DATA_DIR", str(tmp_path / "data"))
    return url


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_accounts_create_list_show_update(cli_db: str) -> None:
    """An account made with the CLI is listed, shown and updated by the CLI."""
    code, out = invoke(
        "accounts", "create", "--id", "2", "--name", "Bank", "--cust-token", "bank-token-9"
    )
    assert code == 0, out
    assert json.loads(out)["id"] == 2
    code, out = invoke("accounts", "list")
    assert "2\tBank\tAsia/Kolkata" in out
    code, out = invoke("accounts", "update", "--id", "2", "--timezone", "Asia/Dubai")
    assert code == 0, out
    updated = json.loads(out)
    # Times are UTC with their offset after an update too (SQLite hands them back naive).
    assert updated["createdAt"].endswith("+00:00"), updated["createdAt"]
    assert updated["updatedAt"].endswith("+00:00"), updated["updatedAt"]
    code, out = invoke("accounts", "show", "--id", "2")
    assert json.loads(out)["timezone"] == "Asia/Dubai"
    assert "bank-token-9" not in out


def test_bad_input_is_a_message_and_exit_code_1(cli_db: str) -> None:
    """A refused change prints the code and message, never a traceback."""
    code, out = invoke(
        "accounts", "create", "--id", "3", "--name", "X", "--timezone", "Nowhere/Land"
    )
    assert code == 1
    assert "INVALID_PARAMETER" in out
    assert "Traceback" not in out


def test_call_round_trip_and_erase(cli_db: str) -> None:
    """`flowhooks call` stores and reads values in-process; `contacts erase` removes them."""
    assert invoke("demo", "--no-serve")[0] == 0
    code, out = invoke(
        "call",
        "updateUserPreferences",
        "$user.syskey.contactNumber=+91 99797 46666",
        "$user.syskey.accountID=1",
        "$user.key.lang=Hindi",
    )
    assert code == 0, out
    code, out = invoke(
        "call", "fetchUserPreferences", "contactNumber=919979746666", "accountID=1", "--flat"
    )
    assert json.loads(out)["$user.key.lang"] == "Hindi"
    code, out = invoke("contacts", "erase", "--account", "1", "09979746666")
    assert code == 0, out
    code, out = invoke(
        "call", "fetchUserPreferences", "contactNumber=919979746666", "accountID=1", "--flat"
    )
    assert json.loads(out)["$flow.key.userFound"] == "false"


def test_call_failure_exits_1(cli_db: str) -> None:
    """A failed call prints the FAILED envelope and exits 1."""
    code, out = invoke("call", "fetchUserPreferences", "accountID=1")
    assert code == 1
    assert "FAILED" in out


def test_methods_lists_the_catalogue(cli_db: str) -> None:
    """`flowhooks methods` prints every method with its inputs."""
    code, out = invoke("methods")
    assert code == 0
    assert "fetchUserPreferences  [active]" in out
    assert "$user.syskey.contactNumber" in out


def test_db_upgrade_is_idempotent(cli_db: str) -> None:
    """`flowhooks db upgrade` can run any number of times."""
    assert invoke("db", "upgrade")[0] == 0
    assert invoke("db", "upgrade")[0] == 0


def test_call_to_an_unreachable_url_is_a_clear_error() -> None:
    """`call --url` to a service that does not answer exits 1 naming the URL, no traceback."""
    result = runner.invoke(
        app, ["call", "fetchUserPreferences", "accountID=1", "--url", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "could not call http://127.0.0.1:9/webhook" in result.output
    assert "Traceback" not in result.output
