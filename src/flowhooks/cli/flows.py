"""`flowhooks flows …`: create, list, show and change outbound flows from a shell.

The same validation as the admin API (`flowhooks.outbound.flows`); errors are a message
and exit code 1. The dialer secret is printed once, when the flow is created. The shared
CLI helpers are imported inside each command: `flowhooks.cli.main` imports this module.
"""

from __future__ import annotations

from typing import Any

import typer

from flowhooks.store.database import Database

app = typer.Typer(help="Outbound flows.", no_args_is_help=True)


def _change(**options: Any) -> dict[str, Any]:
    """The admin API's field names for the options that were given."""
    names = {
        "name": "name",
        "dialer": "dialer",
        "dialer_url": "dialerUrl",
        "dialer_secret": "dialerSecret",
        "caller_id": "callerId",
        "max_attempts": "maxAttempts",
        "retry_gap_minutes": "retryGapMinutes",
        "calling_hours": "callingHours",
        "active": "active",
    }
    change = {names[k]: v for k, v in options.items() if k in names and v is not None}
    exotel = {
        "sid": options.get("exotel_sid"),
        "apiKey": options.get("exotel_api_key"),
        "apiToken": options.get("exotel_api_token"),
        "flowUrl": options.get("exotel_flow_url"),
    }
    if any(exotel.values()):
        change["exotel"] = {k: v for k, v in exotel.items() if v}
    return change


DIALER = typer.Option(None, "--dialer", help="http or exotel.")
URL = typer.Option(None, "--dialer-url", help="http: the dialer URL; exotel: API base URL.")
SECRET = typer.Option(None, "--dialer-secret", help="Signing secret (generated if absent).")
CALLER = typer.Option(None, "--caller-id", help="Caller ID / ExoPhone.")
ATTEMPTS = typer.Option(None, "--max-attempts", help="Attempts per call, 1..20.")
GAP = typer.Option(None, "--retry-gap-minutes", help="Wait before a new round of numbers.")
HOURS = typer.Option(None, "--calling-hours", help="HH:MM-HH:MM; empty = the account's.")
NAME = typer.Option(None, "--name")
SID = typer.Option(None, "--exotel-sid")
KEY = typer.Option(None, "--exotel-api-key")
TOKEN = typer.Option(None, "--exotel-api-token")
FLOW_URL = typer.Option(None, "--exotel-flow-url")


@app.command("create")
def create(
    account: int = typer.Option(..., "--account", help="Account id."),
    flow_id: str = typer.Option(..., "--flow-id", help="8 letters or digits."),
    dialer: str = typer.Option(..., "--dialer", help="http or exotel."),
    dialer_url: str | None = URL,
    dialer_secret: str | None = SECRET,
    caller_id: str | None = CALLER,
    max_attempts: int | None = ATTEMPTS,
    retry_gap_minutes: int | None = GAP,
    calling_hours: str | None = HOURS,
    name: str | None = NAME,
    exotel_sid: str | None = SID,
    exotel_api_key: str | None = KEY,
    exotel_api_token: str | None = TOKEN,
    exotel_flow_url: str | None = FLOW_URL,
) -> None:
    """Create a flow; prints it with its dialer secret (shown once)."""
    from flowhooks.accounts import service
    from flowhooks.cli.main import echo_json, run, with_db
    from flowhooks.outbound import flows

    data = _change(**locals()) | {"flowId": flow_id}

    async def work(db: Database) -> dict[str, Any]:
        change = flows.parse_change(data, creating=True)  # inside run(): errors exit 1
        assert isinstance(change, flows.FlowCreate)
        async with db.session() as session:
            await service.get_or_404(session, account)
            row = await flows.create(session, account, change)
            return flows.public_view(row) | {"dialerSecret": row.dialer_secret}

    echo_json(run(with_db(work)))


@app.command("list")
def list_flows(account: int | None = typer.Option(None, "--account")) -> None:
    """List flows (of one account, or all)."""
    from flowhooks.cli.main import run, with_db
    from flowhooks.outbound import flows
    from flowhooks.store import outbound as store

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.read() as session:
            return [flows.public_view(r) for r in await store.flows_of(session, account)]

    for view in run(with_db(work)):
        state = "active" if view["active"] else "inactive"
        typer.echo(f"{view['accountId']}\t{view['flowId']}\t{view['dialer']}\t{state}")


@app.command("show")
def show(
    account: int = typer.Option(..., "--account"), flow_id: str = typer.Option(..., "--flow-id")
) -> None:
    """Show one flow (secrets masked)."""
    from flowhooks.cli.main import echo_json, run, with_db
    from flowhooks.outbound import flows

    async def work(db: Database) -> dict[str, Any]:
        async with db.read() as session:
            return flows.public_view(await flows.get_or_404(session, account, flow_id))

    echo_json(run(with_db(work)))


@app.command("update")
def update(
    account: int = typer.Option(..., "--account"),
    flow_id: str = typer.Option(..., "--flow-id"),
    dialer: str | None = DIALER,
    dialer_url: str | None = URL,
    dialer_secret: str | None = SECRET,
    caller_id: str | None = CALLER,
    max_attempts: int | None = ATTEMPTS,
    retry_gap_minutes: int | None = GAP,
    calling_hours: str | None = HOURS,
    name: str | None = NAME,
    active: bool | None = typer.Option(None, "--active/--inactive"),
    exotel_sid: str | None = SID,
    exotel_api_key: str | None = KEY,
    exotel_api_token: str | None = TOKEN,
    exotel_flow_url: str | None = FLOW_URL,
) -> None:
    """Change a flow; options not given are left as they are."""
    from flowhooks.cli.main import echo_json, run, with_db
    from flowhooks.outbound import flows

    data = _change(**locals())

    async def work(db: Database) -> dict[str, Any]:
        change = flows.parse_change(data, creating=False)  # inside run(): errors exit 1
        async with db.session() as session:
            return flows.public_view(await flows.update(session, account, flow_id, change))

    echo_json(run(with_db(work)))
