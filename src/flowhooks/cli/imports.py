"""`flowhooks import …`: bring contacts' values, short links and agents over from the
original platform.

Each command reads a whole file, refuses it at its first bad row (line number and reason)
having written nothing, and otherwise writes it all in one transaction; `--dry-run` checks
the file (and what is already stored) without writing. The rules live in the importer of
the package that owns the data; this module parses arguments and prints.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from flowhooks.cli.database import account_of, with_db
from flowhooks.cli.output import command_group, run

if TYPE_CHECKING:
    from flowhooks.migration.files import Imported
    from flowhooks.store.database import Database

app = command_group("Import data from the original platform (all or nothing, --dry-run).")

FILE = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The file to import.")
ACCOUNT = typer.Option(..., "--account", help="Account id.")
DRY_RUN = typer.Option(False, "--dry-run", help="Check the file; write nothing.")


def _load(work: Callable[[Database], Awaitable[Imported]]) -> Imported:
    """Run an import on the configured database; a refused file says nothing was written."""
    from flowhooks.migration.files import BadImportFile

    async def refused_says_so(db: Database) -> Imported:
        try:
            return await work(db)
        except BadImportFile as exc:
            raise BadImportFile(exc.line, f"{exc.reason}; nothing was written") from None

    return run(with_db(refused_says_so))


def _report(what: str, imported: Imported, account: int) -> None:
    verb = "imported" if imported.written else "would import (dry run, nothing written)"
    typer.echo(f"{verb} {imported.rows} {what} into account {account}")


@app.command("contacts")
def contacts(file: Path = FILE, account: int = ACCOUNT, dry_run: bool = DRY_RUN) -> None:
    """Contacts' $user.key values: CSV (contactNumber + one column per name) or JSON Lines
    ({"contactNumber": ..., "values": {...}}, a .jsonl file)."""
    from flowhooks.contacts import importer

    async def work(db: Database) -> Imported:
        await account_of(db, account)
        return await importer.load(db, account, file, dry_run=dry_run)

    _report("contacts", _load(work), account)


@app.command("short-links")
def short_links(file: Path = FILE, account: int = ACCOUNT, dry_run: bool = DRY_RUN) -> None:
    """Short links, codes kept exactly: CSV shortCode,longUrl and optional expiresAt,
    maxVisits,redirectCode,createdAt."""
    from flowhooks.shortlinks import importer

    async def work(db: Database) -> Imported:
        found = await account_of(db, account)
        return await importer.load(db, found, file, dry_run=dry_run, now=datetime.now(UTC))

    _report("short links", _load(work), account)


@app.command("agents")
def agents(file: Path = FILE, account: int = ACCOUNT, dry_run: bool = DRY_RUN) -> None:
    """Direct Dial agents: CSV cli,name and optional paused (true/false) and reason."""
    from flowhooks.agents import importer

    async def work(db: Database) -> Imported:
        await account_of(db, account)
        return await importer.load(db, account, file, dry_run=dry_run, now=datetime.now(UTC))

    _report("agents", _load(work), account)
