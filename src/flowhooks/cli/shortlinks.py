"""`flowhooks shortlinks …`: create, list and delete short links from a shell.

The same service functions as the HTTP API, on the database of FLOWHOOKS_DATABASE_URL,
so it works beside a running server (which sees a change within its 10 s link cache).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import typer

from flowhooks.cli.database import account_of, settings, with_db
from flowhooks.cli.output import command_group, echo_json, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Short links.")


@app.command("create")
def create(
    long_url: str = typer.Argument(..., help="The absolute http(s) URL to shorten."),
    account_id: int = typer.Option(..., "--account", help="Account id."),
    slug: str | None = typer.Option(None, help="A custom code instead of a random one."),
    max_visits: int | None = typer.Option(None, help="Visits (by people) before it ends."),
    expires_at: datetime | None = typer.Option(None, help="ISO date-time; UTC when naive."),
    redirect_code: int | None = typer.Option(None, help="301, 302, 307 or 308."),
) -> None:
    """Create a short link and print it."""
    from flowhooks.shortlinks.service import LinkRequest, create_link, short_url

    async def work(db: Database) -> dict[str, str]:
        account = await account_of(db, account_id)
        expiry = (
            expires_at.replace(tzinfo=UTC) if expires_at and not expires_at.tzinfo else expires_at
        )
        request = LinkRequest(long_url, slug, expiry, max_visits, redirect_code)
        row = await create_link(db, account, request, now=datetime.now(UTC))
        base = settings().public_base_url
        return {"code": row.code, "shortUrl": short_url(account, row.code, base, row.domain)}

    echo_json(run(with_db(work)))


@app.command("list")
def list_links(
    account_id: int | None = typer.Option(None, "--account", help="Only this account."),
    limit: int = typer.Option(50, min=1, max=500, help="How many, newest first."),
) -> None:
    """List short links with their visit counts."""
    from flowhooks.store import shortlinks as store

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.read() as session:
            rows, _total = await store.list_links(session, account_id, limit=limit, offset=0)
            counts = await store.visit_counts(session, [r.id for r in rows])
        return [
            {
                "code": r.code,
                "accountId": r.account_id,
                "longUrl": r.long_url,
                "visits": counts[r.id].total,
                "bots": counts[r.id].bots,
            }
            for r in rows
        ]

    echo_json(run(with_db(work)))


@app.command("delete")
def delete(
    code: str = typer.Argument(..., help="The short code."),
    account_id: int | None = typer.Option(None, "--account", help="Only if it is this account's."),
) -> None:
    """Delete a short link and its visits."""
    from flowhooks.shortlinks.service import remove_link

    run(with_db(lambda db: remove_link(db, account_id, code)))
    typer.echo(f"deleted {code}")
