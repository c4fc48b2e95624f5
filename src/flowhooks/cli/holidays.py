"""`flowhooks holidays`: import an account's own holidays from CSV / .ics, list a year's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, echo_json, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("An account's holiday calendar.")


@app.command("import")
def holidays_import(
    account: int = typer.Option(..., "--account", help="Account id."),
    file: Path = typer.Argument(
        ...,
        help="A CSV of date,name rows or an iCalendar (.ics) file.",
        exists=True,
        dir_okay=False,
    ),
    replace: bool = typer.Option(
        False, help="Replace the account's own holidays instead of adding."
    ),
) -> None:
    """Store the file's holidays in the account's calendar settings."""
    from flowhooks.calendar.admin import ImportSummary, import_holidays

    data = file.read_bytes()

    async def work(db: Database) -> ImportSummary:
        async with db.session() as session:
            return await import_holidays(session, account, file.name, data, replace=replace)

    summary = run(with_db(work))
    typer.echo(
        f"read {summary.read} holidays, {summary.new} new; account {account} now has "
        f"{summary.total} own holidays"
    )


@app.command("list")
def holidays_list(
    account: int = typer.Option(..., "--account", help="Account id."),
    year: int = typer.Option(..., "--year", help="Calendar year."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every holiday the account observes in the year (library, exchange and own)."""
    from flowhooks.calendar.admin import list_holidays

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.read() as session:
            return await list_holidays(session, account, year)

    holidays = run(with_db(work))
    if as_json:
        echo_json(holidays)
        return
    for item in holidays:
        typer.echo(f"{item['date']}\t{item['weekday']}\t{item['name']}")
