"""`flowhooks translation …`: the languages translateText accepts, and cache upkeep."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Translation (translateText).")


@app.command("languages")
def languages() -> None:
    """Every language accepted: code, English name, other names and codes, native names."""
    from flowhooks.language.translation.language_table import LANGUAGES

    for lang in LANGUAGES:
        others = ", ".join((*lang.other_names, *lang.other_codes))
        typer.echo(f"{lang.code}\t{lang.english}\t{others}\t{', '.join(lang.native)}")


@app.command("purge-cache")
def purge_cache() -> None:
    """Delete expired rows of the translation cache now (serve and worker do it hourly)."""
    from datetime import UTC, datetime

    from flowhooks.store import translation as cache_store

    async def work(db: Database) -> int:
        async with db.session() as session:
            return await cache_store.purge_expired(session, datetime.now(UTC))

    typer.echo(f"deleted {run(with_db(work))} expired translations")
