"""`flowhooks call`: send one webhook and print the answer.

To a running flowhooks with `--url`, else in-process: the app is built and called through
httpx's ASGI transport, on the database of FLOWHOOKS_DATABASE_URL.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from flowhooks.cli.output import echo_json, run


def call(
    method: str = typer.Argument(..., help="Method name, e.g. fetchUserPreferences."),
    variables: list[str] = typer.Argument(None, help="name=value pairs, e.g. accountID=1."),
    url: str | None = typer.Option(None, help="A running flowhooks; default: call in-process."),
    flat: bool = typer.Option(False, help="Ask for the flat answer (?format=flat)."),
) -> None:
    """Send one webhook and print the answer (the seed's "How to test internal webhooks")."""
    keys = []
    for pair in variables or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{pair!r} is not name=value")
        keys.append({"name": name, "value": value})
    body = json.dumps({"method": method, "keys": keys}).encode()
    status, answer = run(_send(body, url, flat))
    echo_json(answer)
    if status >= 400:
        raise typer.Exit(1)


async def _send(body: bytes, url: str | None, flat: bool) -> tuple[int, Any]:
    import httpx

    params = {"format": "flat"} if flat else {}
    headers = {"content-type": "application/json"}
    if url:
        target = url.rstrip("/") + "/webhook"
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                response = await client.post(target, content=body, params=params, headers=headers)
            return response.status_code, response.json()
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            typer.echo(f"error: could not call {target}: {reason}", err=True)
        except ValueError:
            typer.echo(f"error: {target} did not answer JSON (is --url a flowhooks?)", err=True)
        raise typer.Exit(1)
    from flowhooks.cli.database import migrate_if_behind, settings
    from flowhooks.http.app import create_app

    application = create_app(settings(), background=False)
    runtime = application.state.runtime
    await migrate_if_behind(runtime.db)
    await runtime.start(background=False)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://flowhooks.local"
        ) as client:
            response = await client.post("/webhook", content=body, params=params, headers=headers)
            return response.status_code, response.json()
    finally:
        await runtime.stop()
