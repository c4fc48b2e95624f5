"""`flowhooks db …`: the database schema."""

from __future__ import annotations

import typer

from flowhooks.cli.database import nothing, with_db
from flowhooks.cli.output import command_group, run

app = command_group("Database schema.")


@app.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration."""
    run(with_db(nothing))
    typer.echo("database is up to date")
