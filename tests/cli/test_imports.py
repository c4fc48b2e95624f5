"""`flowhooks import …`: each import round-trips through the webhooks and the redirect door,
a file with one bad row writes nothing, and --dry-run writes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from flowhooks.agents import importer as agent_import
from flowhooks.cli.main import app as cli
from flowhooks.contacts import importer as contact_import
from flowhooks.migration.files import BadImportFile
from flowhooks.shortlinks import importer as link_import
from flowhooks.store import accounts as account_store

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def _fetch(client: httpx.AsyncClient, number: str) -> dict[str, str]:
    body = {"method": "fetchUserPreferences", "contactNumber": number, "accountID": "1"}
    response = await client.post("/webhook?format=flat", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, str] = response.json()
    return answer


async def _account(app: FastAPI) -> Any:
    async with app.state.runtime.db.read() as session:
        row = await account_store.get(session, 1)
        assert row is not None
        return row.to_domain()


CONTACTS_CSV = (
    "contactNumber,preferredLanguage,lastIntent\n"
    "09979746666,Hindi,request_callback\n"
    "+91 98123 45678,Tamil,\n"
)


async def test_imported_contact_values_are_fetched_by_the_webhook(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """A CSV's values are what fetchUserPreferences answers, for the number in any form; an
    empty cell stores nothing."""
    path = _write(tmp_path, "contacts.csv", CONTACTS_CSV)
    done = await contact_import.load(app.state.runtime.db, 1, path, dry_run=False)
    assert (done.rows, done.written) == (2, True)
    first = await _fetch(client, "+919979746666")
    assert first["$user.key.preferredLanguage"] == "Hindi"
    assert first["$user.key.lastIntent"] == "request_callback"
    second = await _fetch(client, "9812345678")
    assert second["$user.key.preferredLanguage"] == "Tamil"
    assert "$user.key.lastIntent" not in second


async def test_json_lines_contacts_merge_with_stored_values(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """JSON Lines values replace stored ones of the same name and keep the others; numbers
    and booleans are stored as text, null stores nothing."""
    update = {
        "method": "updateUserPreferences",
        "contactNumber": "9979746666",
        "accountID": "1",
        "$user.key.tier": "gold",
        "$user.key.city": "Pune",
    }
    assert (await client.post("/webhook", json=update)).status_code == 200
    path = _write(
        tmp_path,
        "contacts.jsonl",
        '{"contactNumber": "919979746666", "values": {"city": "Mumbai", "visits": 3,'
        ' "vip": true, "gone": null}}\n',
    )
    await contact_import.load(app.state.runtime.db, 1, path, dry_run=False)
    values = await _fetch(client, "09979746666")
    assert values["$user.key.tier"] == "gold"
    assert values["$user.key.city"] == "Mumbai"
    assert values["$user.key.visits"] == "3"
    assert values["$user.key.vip"] == "true"
    assert "$user.key.gone" not in values


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("contactNumber,a\n9979746666,x\n12,y\n", 3, "not a valid phone number"),
        ("contactNumber,bad name\n9979746666,x\n", 2, "letters, digits or underscores"),
        ("contactNumber,a\n9979746666,x\n9812345678," + "v" * 5000 + "\n", 3, "4096 bytes"),
        ("name,a\n9979746666,x\n", 1, "no contactNumber column"),
        ("contactNumber,a\n9979746666,x,extra\n", 2, "3 cells where the header has 2"),
    ],
)
async def test_a_contacts_file_with_one_bad_row_writes_nothing(
    app: FastAPI,
    client: httpx.AsyncClient,
    demo_account: int,
    tmp_path: Path,
    text: str,
    line: int,
    reason: str,
) -> None:
    """The refusal names the line and the reason; not even the good rows are stored."""
    path = _write(tmp_path, "contacts.csv", text)
    with pytest.raises(BadImportFile) as refused:
        await contact_import.load(app.state.runtime.db, 1, path, dry_run=False)
    assert refused.value.line == line
    assert reason in refused.value.message
    assert (await _fetch(client, "9979746666"))["$flow.key.userFound"] == "false"


async def test_a_contacts_dry_run_writes_nothing(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """--dry-run counts the contacts and stores none."""
    path = _write(tmp_path, "contacts.csv", CONTACTS_CSV)
    done = await contact_import.load(app.state.runtime.db, 1, path, dry_run=True)
    assert (done.rows, done.written) == (2, False)
    assert (await _fetch(client, "9979746666"))["$flow.key.userFound"] == "false"


LINKS_CSV = (
    "shortCode,longUrl,expiresAt,maxVisits,redirectCode,createdAt\n"
    "0lO1x,https://example.com/offer,,,301,2019-05-01T10:00:00+05:30\n"
    "Ab-_9,https://example.com/gone,2020-01-01T00:00:00+05:30,,,\n"
    "plain,https://example.com/plain,,5,,\n"
)


async def test_imported_codes_redirect_exactly_as_before(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """Codes outside today's alphabet redirect with their own redirect code; an expiry in
    the past is kept, so that link answers as expired."""
    path = _write(tmp_path, "links.csv", LINKS_CSV)
    done = await link_import.load(
        app.state.runtime.db, await _account(app), path, dry_run=False, now=NOW
    )
    assert done.rows == 3
    kept = await client.get("/0lO1x")
    assert kept.status_code == 301
    assert kept.headers["location"] == "https://example.com/offer"
    assert (await client.get("/plain")).headers["location"] == "https://example.com/plain"
    assert (await client.get("/Ab-_9")).status_code == 410


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("shortCode,longUrl\nok1,https://e.com/a\nwebhook,https://e.com/b\n", 3, "own paths"),
        ("shortCode,longUrl\nok1,https://e.com/a\nok1,https://e.com/b\n", 3, "on line 2"),
        ("shortCode,longUrl\nok1,https://e.com/a\na/b,https://e.com/b\n", 3, "path segment"),
        ("shortCode,longUrl\nok1,https://e.com/a\nok2,ftp://e.com/b\n", 3, "longUrl"),
        (
            "shortCode,longUrl,redirectCode\nok1,https://e.com/a,\nok2,https://e.com/b,200\n",
            3,
            "redirectCode",
        ),
        (
            "shortCode,longUrl,expiresAt\nok1,https://e.com/a,2030-01-01T00:00:00\n",
            2,
            "time zone",
        ),
    ],
)
async def test_a_links_file_with_one_bad_row_writes_nothing(
    app: FastAPI,
    client: httpx.AsyncClient,
    demo_account: int,
    tmp_path: Path,
    text: str,
    line: int,
    reason: str,
) -> None:
    """The refusal names the line and the reason; the good first row is not stored."""
    path = _write(tmp_path, "links.csv", text)
    with pytest.raises(BadImportFile) as refused:
        await link_import.load(
            app.state.runtime.db, await _account(app), path, dry_run=False, now=NOW
        )
    assert refused.value.line == line
    assert reason in refused.value.message
    assert (await client.get("/ok1")).status_code == 404


async def test_a_code_already_stored_is_refused(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """A clash with a stored link refuses the file, in a dry run too, and writes nothing."""
    account = await _account(app)
    db = app.state.runtime.db
    await link_import.load(
        db,
        account,
        _write(tmp_path, "a.csv", "shortCode,longUrl\nold,https://e.com/a\n"),
        dry_run=False,
        now=NOW,
    )
    clash = _write(
        tmp_path, "b.csv", "shortCode,longUrl\nnew,https://e.com/n\nold,https://e.com/b\n"
    )
    for dry_run in (True, False):
        with pytest.raises(BadImportFile) as refused:
            await link_import.load(db, account, clash, dry_run=dry_run, now=NOW)
        assert refused.value.line == 3
    assert (await client.get("/new")).status_code == 404
    assert (await client.get("/old")).headers["location"] == "https://e.com/a"


async def test_a_links_dry_run_writes_nothing(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """--dry-run checks every row and stores no link."""
    path = _write(tmp_path, "links.csv", LINKS_CSV)
    done = await link_import.load(
        app.state.runtime.db, await _account(app), path, dry_run=True, now=NOW
    )
    assert (done.rows, done.written) == (3, False)
    assert (await client.get("/plain")).status_code == 404


AGENTS_CSV = "cli,name,paused,reason\n099797 46666,Asha,,\n+919812345678,Ravi,true,LUNCH\n"


async def _pause(client: httpx.AsyncClient, cli_number: str, status: str) -> httpx.Response:
    body = {
        "method": "updatePauseStatusForCLI",
        "cli": cli_number,
        "pauseStatus": status,
        "pauseReason": "LUNCH",
        "accountID": "1",
    }
    return await client.post("/webhook?format=flat", json=body)


async def test_imported_agents_can_be_paused_and_keep_their_pause_state(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """An imported agent is one updatePauseStatusForCLI knows; one imported paused is paused."""
    path = _write(tmp_path, "agents.csv", AGENTS_CSV)
    done = await agent_import.load(app.state.runtime.db, 1, path, dry_run=False, now=NOW)
    assert done.rows == 2
    paused = await _pause(client, "9979746666", "pause")
    assert paused.status_code == 200, paused.text
    assert paused.json()["$flow.key.agentStatus"] == "PAUSED"
    resumed = await _pause(client, "9812345678", "unpause")
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["$flow.key.agentStatus"] == "AVAILABLE"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("cli,name\n9979746666,Asha\n12,Ravi\n", 3, "not a valid phone number"),
        ("cli,name\n9979746666,Asha\n09979746666,Ravi\n", 3, "on line 2"),
        ("cli,name,paused\n9979746666,Asha,maybe\n", 2, "true or false"),
        ("cli,name\n9979746666,\n", 2, "name must be"),
    ],
)
async def test_an_agents_file_with_one_bad_row_writes_nothing(
    app: FastAPI,
    client: httpx.AsyncClient,
    demo_account: int,
    tmp_path: Path,
    text: str,
    line: int,
    reason: str,
) -> None:
    """The refusal names the line and the reason; no agent is registered."""
    path = _write(tmp_path, "agents.csv", text)
    with pytest.raises(BadImportFile) as refused:
        await agent_import.load(app.state.runtime.db, 1, path, dry_run=False, now=NOW)
    assert refused.value.line == line
    assert reason in refused.value.message
    assert (await _pause(client, "9979746666", "pause")).status_code == 404


async def test_an_agent_already_registered_refuses_the_file_and_a_dry_run_writes_nothing(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, tmp_path: Path
) -> None:
    """A clash with a registered agent is refused; a dry run registers no one."""
    db = app.state.runtime.db
    path = _write(tmp_path, "agents.csv", AGENTS_CSV)
    done = await agent_import.load(db, 1, path, dry_run=True, now=NOW)
    assert (done.rows, done.written) == (2, False)
    assert (await _pause(client, "9979746666", "pause")).status_code == 404
    await agent_import.load(
        db, 1, _write(tmp_path, "one.csv", "cli,name\n9812345678,R\n"), dry_run=False, now=NOW
    )
    with pytest.raises(BadImportFile) as refused:
        await agent_import.load(db, 1, path, dry_run=False, now=NOW)
    assert refused.value.line == 3
    assert (await _pause(client, "9979746666", "pause")).status_code == 404


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    created = runner.invoke(cli, ["accounts", "create", "--id", "3", "--name", "Fund house"])
    assert created.exit_code == 0, created.output
    return runner


def test_the_import_commands_print_what_they_did(runner: CliRunner, tmp_path: Path) -> None:
    """Each command says how many rows it imported, or would import with --dry-run."""
    files = {
        "contacts": _write(tmp_path, "c.csv", CONTACTS_CSV),
        "short-links": _write(tmp_path, "l.csv", LINKS_CSV),
        "agents": _write(tmp_path, "a.csv", AGENTS_CSV),
    }
    for command, path in files.items():
        args = ["import", command, str(path), "--account", "3"]
        dry = runner.invoke(cli, [*args, "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "would import" in dry.output
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, done.output
        assert done.output.startswith("imported ")


def test_a_bad_file_exits_1_naming_the_line(runner: CliRunner, tmp_path: Path) -> None:
    """The error names the line and says nothing was written; an unknown account is refused."""
    bad = _write(tmp_path, "c.csv", "contactNumber,a\n9979746666,x\n12,y\n")
    refused = runner.invoke(cli, ["import", "contacts", str(bad), "--account", "3"])
    assert refused.exit_code == 1
    assert "line 3:" in refused.output
    assert "nothing was written" in refused.output
    good = _write(tmp_path, "g.csv", CONTACTS_CSV)
    unknown = runner.invoke(cli, ["import", "contacts", str(good), "--account", "99"])
    assert unknown.exit_code == 1
    assert "NOT_FOUND" in unknown.output
