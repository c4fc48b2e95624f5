"""`flowhooks contacts …`: contacts' stored values ($user.key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from flowhooks.cli.arguments import phone_number
from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Contacts' stored values ($user.key).")


@app.command("erase")
def erase(
    account: int = typer.Option(..., "--account", help="Account id."),
    number: str = typer.Argument(..., help="The contact's number, any common form."),
) -> None:
    """Erase a contact and every value stored for it."""
    from flowhooks.store import contacts

    e164 = phone_number(number)

    async def work(db: Database) -> bool:
        async with db.session() as session:
            return await contacts.erase(session, account, e164)

    if run(with_db(work)):
        typer.echo(f"erased {e164} from account {account}")
    else:
        typer.echo(f"no contact {e164} in account {account}", err=True)
        raise typer.Exit(1)
