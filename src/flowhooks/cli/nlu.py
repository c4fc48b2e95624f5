"""`flowhooks nlu …`: train an account's built-in NLU from an intents YAML file, try it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, echo_json, fail, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Natural-language understanding (speechprocessing).")


def _read(file: Path) -> str:
    try:
        return file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")


@app.command()
def train(
    file: Path = typer.Argument(..., help="Intents YAML in Rasa's nlu.yml form."),
    account: int = typer.Option(..., "--account", help="Account ID."),
) -> None:
    """Validate FILE and store it as the account's intents (every process retrains)."""
    from flowhooks.language.nlu import account_intents

    text = _read(file)

    async def work(db: Database) -> dict[str, object]:
        async with db.session() as session:
            return await account_intents.store_intents(session, account, text)

    echo_json({"accountId": account, **run(with_db(work))})


@app.command()
def check(file: Path = typer.Argument(..., help="Intents YAML to validate.")) -> None:
    """Validate FILE without storing it; print its intents and example counts."""
    from flowhooks.errors import InvalidParameter
    from flowhooks.language.nlu import account_intents

    text = _read(file)
    try:
        data = account_intents.validated(text)
    except InvalidParameter as exc:
        fail(f"{exc.code}: {exc.message}")
    echo_json(account_intents.summary(data, source=str(file)))
