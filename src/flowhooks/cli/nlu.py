"""`flowhooks nlu …`: train an account's built-in NLU from an intents YAML file, try it."""

from __future__ import annotations

from pathlib import Path

import typer

from flowhooks.errors import InvalidParameter
from flowhooks.language.nlu import account_intents
from flowhooks.store.database import Database

app = typer.Typer(help="Natural-language understanding (speechprocessing).", no_args_is_help=True)


@app.command()
def train(
    file: Path = typer.Argument(..., help="Intents YAML in Rasa's nlu.yml form."),
    account: int = typer.Option(..., "--account", help="Account ID."),
) -> None:
    """Validate FILE and store it as the account's intents (every process retrains)."""
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(1) from None

    from flowhooks.cli.main import echo_json, run, with_db  # the root CLI imports this module

    async def work(db: Database) -> dict[str, object]:
        async with db.session() as session:
            return await account_intents.store_intents(session, account, text)

    echo_json({"accountId": account, **run(with_db(work))})


@app.command()
def check(file: Path = typer.Argument(..., help="Intents YAML to validate.")) -> None:
    """Validate FILE without storing it; print its intents and example counts."""
    from flowhooks.cli.main import echo_json

    try:
        data = account_intents.validated(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(1) from None
    except InvalidParameter as exc:
        typer.echo(f"error: {exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from None
    echo_json(account_intents.summary(data, source=str(file)))
