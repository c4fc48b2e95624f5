"""`flowhooks nlu train` and `nlu check`, run in-process on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app

INTENTS = """
nlu:
- intent: check_balance
  examples: |
    - what is my balance
    - mera balance kitna hai
- intent: block_card
  examples: |
    - block my card
    - mera card block karo
"""


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    intents = tmp_path / "intents.yml"
    intents.write_text(INTENTS, encoding="utf-8")
    return intents


def test_train_stores_the_intents_in_the_account(cli_env: Path) -> None:
    """nlu train validates the file and stores it; accounts show has it in nlu.intents_yaml."""
    runner = CliRunner()
    created = runner.invoke(app, ["accounts", "create", "--id", "7", "--name", "Bank"])
    assert created.exit_code == 0, created.output
    trained = runner.invoke(app, ["nlu", "train", "--account", "7", str(cli_env)])
    assert trained.exit_code == 0, trained.output
    assert json.loads(trained.output)["intents"] == {"check_balance": 2, "block_card": 2}
    shown = runner.invoke(app, ["accounts", "show", "--id", "7"])
    assert "mera balance kitna hai" in json.loads(shown.output)["settings"]["nlu"]["intents_yaml"]


def test_train_refuses_an_invalid_file_and_an_unknown_account(
    cli_env: Path, tmp_path: Path
) -> None:
    """A bad file or a missing account exits 1 with the reason on stderr."""
    runner = CliRunner()
    bad = tmp_path / "bad.yml"
    bad.write_text("nlu: [", encoding="utf-8")
    refused = runner.invoke(app, ["nlu", "train", "--account", "7", str(bad)])
    assert refused.exit_code == 1
    assert "not valid YAML" in refused.output
    unknown = runner.invoke(app, ["nlu", "train", "--account", "99", str(cli_env)])
    assert unknown.exit_code == 1
    assert "NOT_FOUND" in unknown.output


def test_check_validates_without_storing(cli_env: Path) -> None:
    """nlu check prints the intents of a valid file and needs no database."""
    result = CliRunner().invoke(app, ["nlu", "check", str(cli_env)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["examples"] == 4
