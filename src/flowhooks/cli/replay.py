"""`flowhooks replay FILE --url URL`: post recorded calls to a running service and list every
difference from the recorded answers; exit code 1 when any call differs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from flowhooks.cli.output import fail, run

if TYPE_CHECKING:
    from flowhooks.migration.replay import Difference

HEADER = ("line", "path", "variable", "expected", "got")


def replay(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="JSON Lines of recorded calls."
    ),
    url: str = typer.Option(
        ..., "--url", help="The service's base URL, e.g. http://127.0.0.1:8000"
    ),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds to wait for each answer."),
) -> None:
    """Post each recorded call to the running service; print every difference."""
    import httpx

    from flowhooks.migration import replay as replaying
    from flowhooks.migration.files import BadImportFile

    try:
        calls = replaying.read(file)
    except BadImportFile as exc:
        fail(f"{file}: {exc.message}")

    async def work() -> list[Difference]:
        async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
            return await replaying.replay(client, calls)

    try:
        differences = run(work())
    except httpx.HTTPError as exc:
        typer.echo(f"error: {url}: {exc}", err=True)
        raise typer.Exit(1) from None
    if not differences:
        typer.echo(f"all {len(calls)} calls answer as recorded")
        return
    _table(differences)
    calls_differing = len({d.line for d in differences})
    typer.echo(f"{calls_differing} of {len(calls)} calls differ")
    raise typer.Exit(1)


def _table(differences: list[Difference]) -> None:
    rows = [HEADER] + [(str(d.line), d.path, d.what, d.expected, d.got) for d in differences]
    widths = [min(40, max(len(row[i]) for row in rows)) for i in range(len(HEADER))]
    for row in rows:
        typer.echo(
            "  ".join(
                cell[:40].ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
