"""`flowhooks admin-users …`: the console's admin users (passwords stored as argon2 hashes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Admin users of the web console (/admin).")


@app.command("create")
def create(
    username: str = typer.Option(..., help="The user name to log in with."),
    password: str | None = typer.Option(
        None, help="The password (10 characters or more); prompted for when not given."
    ),
) -> None:
    """Create an admin user of the console."""
    from flowhooks.auth import console_users as users

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work(db: Database) -> None:
        async with db.session() as session:
            await users.create(session, username, password)

    run(with_db(work))
    typer.echo(f"admin user {username} created")


@app.command("set-password")
def set_password(
    username: str = typer.Option(..., help="The user name."),
    password: str | None = typer.Option(None, help="The new password; prompted for when absent."),
) -> None:
    """Change an admin user's password (creating the user when missing)."""
    from flowhooks.auth import console_users as users

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work(db: Database) -> None:
        async with db.session() as session:
            await users.set_password(session, username, password)

    run(with_db(work))
    typer.echo(f"password of {username} set")
