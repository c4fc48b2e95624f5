"""`flowhooks translation languages` and `purge-cache`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app


def test_languages_lists_codes_english_and_native_names() -> None:
    """The languages command prints one line per language with its native names."""
    result = CliRunner().invoke(app, ["translation", "languages"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) >= 100
    assert any(line.startswith("hi\tHindi\t") and "हिन्दी" in line for line in lines)
    assert any(line.startswith("mni-Mtei\tManipuri\t") for line in lines)


def test_purge_cache_runs_on_a_fresh_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """purge-cache migrates the database if needed and reports how many rows it deleted."""
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    result = CliRunner().invoke(app, ["translation", "purge-cache"])
    assert result.exit_code == 0, result.output
    assert "deleted 0 expired translations" in result.output
