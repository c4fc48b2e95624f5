"""Signing, CSRF tokens, the secret key file, admin users and the admin-users CLI."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowhooks.auth import signing
from flowhooks.auth.secret_key import load_or_create
from flowhooks.settings import Settings

KEY = b"k" * 32


def test_signed_session_round_trips_and_tampering_is_refused() -> None:
    """A signed cookie gives back its token; any change to it gives None."""
    cookie = signing.sign_session(KEY, "tok")
    assert signing.unsign_session(KEY, cookie) == "tok"
    assert signing.unsign_session(KEY, "other" + cookie[3:]) is None
    assert signing.unsign_session(KEY, cookie[:-1] + "0") is None
    assert signing.unsign_session(b"x" * 32, cookie) is None
    assert signing.unsign_session(KEY, None) is None
    assert signing.unsign_session(KEY, "no-dot") is None


def test_csrf_token_belongs_to_one_session() -> None:
    """A CSRF token matches its own session only, and a missing one never matches."""
    token = signing.csrf_token(KEY, "s1")
    assert signing.csrf_matches(KEY, "s1", token)
    assert not signing.csrf_matches(KEY, "s2", token)
    assert not signing.csrf_matches(KEY, "s1", None)


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    """Without FLOWHOOKS_SECRET_KEY a key is written to the data dir (0600) and reused."""
    settings = Settings(data_dir=str(tmp_path / "data"))
    first = load_or_create(settings)
    assert len(first) >= 32
    assert load_or_create(settings) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "data" / "secret_key").st_mode)
    assert mode == 0o600


def test_configured_secret_key_wins_and_must_be_long(tmp_path: Path) -> None:
    """FLOWHOOKS_SECRET_KEY is used as given; a short one is refused."""
    settings = Settings(data_dir=str(tmp_path), secret_key="s" * 40)
    assert load_or_create(settings) == b"s" * 40
    assert not (tmp_path / "secret_key").exists()
    with pytest.raises(ValueError, match="at least 32"):
        load_or_create(Settings(data_dir=str(tmp_path), secret_key="short"))


def test_cli_creates_an_admin_user_who_can_log_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`flowhooks admin-users create` stores a user; a second create of the name fails."""
    import asyncio

    from flowhooks.auth import console_users as users
    from flowhooks.cli.main import app
    from flowhooks.store.database import Database

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", url)
    runner = CliRunner()
    result = runner.invoke(
        app, ["admin-users", "create", "--username", "lead", "--password", "a-long-password"]
    )
    assert result.exit_code == 0, result.output
    assert "admin user lead created" in result.output
    again = runner.invoke(
        app, ["admin-users", "create", "--username", "lead", "--password", "a-long-password"]
    )
    assert again.exit_code == 1
    short = runner.invoke(app, ["admin-users", "create", "--username", "x", "--password", "short"])
    assert short.exit_code == 1

    async def check() -> bool:
        db = Database(url)
        try:
            async with db.session() as session:
                ok = await users.authenticate(session, "lead", "a-long-password")
                wrong = await users.authenticate(session, "lead", "wrong-password")
                return ok is not None and wrong is None
        finally:
            await db.dispose()

    assert asyncio.run(check())


def test_cli_prompts_for_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --password the CLI asks twice, hidden."""
    from flowhooks.cli.main import app

    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    result = CliRunner().invoke(
        app,
        ["admin-users", "create", "--username", "lead"],
        input="a-long-password\na-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a-long-password" not in result.output
