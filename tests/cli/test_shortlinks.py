"""`flowhooks shortlinks create|list|delete` on the configured database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", url)
    monkeypatch.setenv("FLOWHOOKS_PUBLIC_BASE_URL", "https://s.example.in")
    seeded = CliRunner().invoke(app, ["demo", "--no-serve"])
    assert seeded.exit_code == 0, seeded.output
    return url


def test_create_list_delete(demo_db: str) -> None:
    """A link made from the shell is listed, then deleted; a bad URL exits 1 with the reason."""
    runner = CliRunner()
    made = runner.invoke(app, ["shortlinks", "create", "https://example.com/", "--account", "1"])
    assert made.exit_code == 0, made.output
    link = json.loads(made.output)
    assert link["shortUrl"] == f"https://s.example.in/{link['code']}"
    listed = runner.invoke(app, ["shortlinks", "list", "--account", "1"])
    assert json.loads(listed.output)[0]["code"] == link["code"]
    deleted = runner.invoke(app, ["shortlinks", "delete", link["code"]])
    assert deleted.exit_code == 0
    assert json.loads(runner.invoke(app, ["shortlinks", "list"]).output) == []
    bad = runner.invoke(app, ["shortlinks", "create", "file:///etc/passwd", "--account", "1"])
    assert bad.exit_code == 1
    assert "only http and https" in bad.output
