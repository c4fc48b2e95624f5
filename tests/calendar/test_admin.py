"""Holiday import and listing through the CLI and the admin API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from flowhooks.cli.main import app as cli_app
from tests.conftest import ADMIN

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:1\r
DTSTART;VALUE=DATE:20261109\r
DTEND;VALUE=DATE:20261111\r
SUMMARY:Diwali break\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI on a fresh SQLite file with account 7."""
    monkeypatch.setenv("FLOWHOOKS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    created = runner.invoke(cli_app, ["accounts", "create", "--id", "7", "--name", "Fund house"])
    assert created.exit_code == 0, created.output
    return runner


def test_cli_imports_csv_and_ics_and_lists_the_year(cli_env: CliRunner, tmp_path: Path) -> None:
    """Imported CSV and .ics holidays are stored and listed with the library ones."""
    csv_file = tmp_path / "bank.csv"
    csv_file.write_text("date,name\n2026-03-19,Gudi Padwa closure\n14-11-2026,Branch day\n")
    ics_file = tmp_path / "hr.ics"
    ics_file.write_text(ICS)
    first = cli_env.invoke(cli_app, ["holidays", "import", "--account", "7", str(csv_file)])
    assert first.exit_code == 0, first.output
    assert "read 2 holidays, 2 new" in first.output
    second = cli_env.invoke(cli_app, ["holidays", "import", "--account", "7", str(ics_file)])
    assert second.exit_code == 0, second.output
    assert "now has 4 own holidays" in second.output
    listed = cli_env.invoke(cli_app, ["holidays", "list", "--account", "7", "--year", "2026"])
    assert listed.exit_code == 0, listed.output
    assert "2026-03-19\tThursday\tGudi Padwa closure" in listed.output
    assert "2026-11-10\tTuesday\tDiwali break" in listed.output
    assert "2026-01-26\tMonday\tRepublic Day" in listed.output
    as_json = cli_env.invoke(
        cli_app, ["holidays", "list", "--account", "7", "--year", "2026", "--json"]
    )
    assert {"date": "2026-11-14", "weekday": "Saturday", "name": "Branch day"} in json.loads(
        as_json.output
    )


def test_cli_replace_and_errors(cli_env: CliRunner, tmp_path: Path) -> None:
    """--replace drops earlier imports; a bad file names its line and changes nothing."""
    good = tmp_path / "a.csv"
    good.write_text("2026-03-19,One\n")
    cli_env.invoke(cli_app, ["holidays", "import", "--account", "7", str(good)])
    other = tmp_path / "b.csv"
    other.write_text("2026-03-20,Two\n")
    replaced = cli_env.invoke(
        cli_app, ["holidays", "import", "--account", "7", "--replace", str(other)]
    )
    assert "now has 1 own holidays" in replaced.output
    bad = tmp_path / "bad.csv"
    bad.write_text("2026-03-21,Three\nnot-a-date,Four\n")
    refused = cli_env.invoke(cli_app, ["holidays", "import", "--account", "7", str(bad)])
    assert refused.exit_code == 1
    assert "line 2" in refused.output
    listed = cli_env.invoke(cli_app, ["holidays", "list", "--account", "7", "--year", "2026"])
    assert "Two" in listed.output
    assert "Three" not in listed.output
    missing = cli_env.invoke(cli_app, ["holidays", "list", "--account", "99", "--year", "2026"])
    assert missing.exit_code == 1
    assert "No account 99" in missing.output


async def test_admin_api_lists_holidays(client: httpx.AsyncClient, demo_account: int) -> None:
    """GET /api/v1/accounts/{id}/holidays shows library, exchange and own holidays."""
    await client.patch(
        f"/api/v1/accounts/{demo_account}",
        headers=ADMIN,
        json={"settings": {"calendar": {"exchange": "NSE", "second_fourth_saturdays_off": True}}},
    )
    response = await client.get(
        f"/api/v1/accounts/{demo_account}/holidays?year=2026", headers=ADMIN
    )
    assert response.status_code == 200, response.text
    names = {h["date"]: h["name"] for h in response.json()["holidays"]}
    assert names["2026-01-26"] == "Republic Day"
    assert names["2026-01-10"] == "Second Saturday"
    assert "2026-09-14" in names


async def test_admin_api_holidays_errors(client: httpx.AsyncClient, demo_account: int) -> None:
    """Unknown accounts are 404, silly years 422, and the route needs the admin token."""
    assert (
        await client.get("/api/v1/accounts/99/holidays?year=2026", headers=ADMIN)
    ).status_code == 404
    bad_year = await client.get(
        f"/api/v1/accounts/{demo_account}/holidays?year=3000", headers=ADMIN
    )
    assert bad_year.status_code == 422
    assert (
        await client.get(f"/api/v1/accounts/{demo_account}/holidays?year=2026")
    ).status_code == 401


async def test_warm_up_service_runs_once_and_idles(app_factory: Any) -> None:
    """The calendar warm-up is installed as a background service and finishes its work."""
    application = await app_factory()
    service = application.state.runtime.calendar_warmup
    stop = asyncio.Event()
    stop.set()
    await service.run(stop)
    assert service.done
