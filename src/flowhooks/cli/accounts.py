"""`flowhooks accounts …` and `flowhooks admin-token`: accounts and admin API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from flowhooks.cli.arguments import json_object
from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, echo_json, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Accounts.")


@app.command("create")
def create(
    id: int = typer.Option(..., "--id", help="Numeric account id."),
    name: str = typer.Option(..., help="Account name."),
    cust_token: str | None = typer.Option(None, help="Short-link / chatbot custToken."),
    security_id: str | None = typer.Option(None, help="Outbound security ID (64 chars)."),
    timezone: str = typer.Option("Asia/Kolkata", help="IANA time zone."),
    settings_json: str | None = typer.Option(None, "--settings", help="Settings as JSON."),
) -> None:
    """Create an account."""
    from flowhooks.accounts import service

    settings = json_object("--settings", settings_json)

    async def work(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            row = await service.create(
                session,
                account_id=id,
                name=name,
                timezone=timezone,
                settings=settings,
                cust_token=cust_token,
                security_id=security_id,
            )
            return service.public_view(row)

    echo_json(run(with_db(work)))


@app.command("list")
def list_accounts() -> None:
    """List accounts."""
    from flowhooks.accounts import service
    from flowhooks.store import accounts as store

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.read() as session:
            return [service.public_view(r) for r in await store.list_all(session)]

    for view in run(with_db(work)):
        typer.echo(f"{view['id']}\t{view['name']}\t{view['timezone']}")


@app.command("show")
def show(id: int = typer.Option(..., "--id")) -> None:
    """Show one account (secrets masked)."""
    from flowhooks.accounts import service

    async def work(db: Database) -> dict[str, Any]:
        async with db.read() as session:
            return service.public_view(await service.get_or_404(session, id))

    echo_json(run(with_db(work)))


@app.command("update")
def update(
    id: int = typer.Option(..., "--id"),
    name: str | None = typer.Option(None),
    timezone: str | None = typer.Option(None),
    settings_json: str | None = typer.Option(None, "--settings", help="Sections to change, JSON."),
    basic_username: str | None = typer.Option(None, help="HTTP Basic user for webhooks."),
    basic_password: str | None = typer.Option(None, help="HTTP Basic password (stored hashed)."),
    cust_token: str | None = typer.Option(None, help="Add a custToken."),
    security_id: str | None = typer.Option(None, help="Add a security ID."),
) -> None:
    """Change an account; settings sections are merged field by field."""
    from flowhooks.accounts import service

    settings = json_object("--settings", settings_json) if settings_json else None

    async def work(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            row = await service.update(
                session,
                id,
                name=name,
                timezone=timezone,
                settings=settings,
                basic_username=basic_username,
                basic_password=basic_password,
            )
            if cust_token:
                await service.add_token(session, id, "cust_token", cust_token)
            if security_id:
                await service.add_token(session, id, "security_id", security_id)
            return service.public_view(row)

    echo_json(run(with_db(work)))


def admin_token() -> None:
    """Create a new admin token for the admin API (shown once)."""
    from flowhooks.accounts import service

    async def work(db: Database) -> str:
        async with db.session() as session:
            return await service.add_token(session, None, "admin_token")

    typer.echo(run(with_db(work)))
