"""`flowhooks flows …`: create, list, show and change outbound flows from a shell.

The same validation as the admin API (`flowhooks.outbound.flows`); errors are a message
and exit code 1. The dialer secret is printed once, when the flow is created. The options
a flow's settings take are declared once, in `SETTINGS`, and added to both `create` and
`update` by `with_settings`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, echo_json, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Outbound flows.")


@dataclass(frozen=True)
class Setting:
    """One optional flow setting: its option, its admin API field and what it takes."""

    option: str
    field: str
    kind: type[Any] = str
    help: str | None = None
    exotel: bool = False  # a field of the admin API's nested `exotel` object

    @property
    def parameter(self) -> str:
        return self.option.removeprefix("--").replace("-", "_")


SETTINGS = (
    Setting("--dialer-url", "dialerUrl", help="http: the dialer URL; exotel: API base URL."),
    Setting("--dialer-secret", "dialerSecret", help="Signing secret (generated if absent)."),
    Setting("--caller-id", "callerId", help="Caller ID / ExoPhone."),
    Setting("--max-attempts", "maxAttempts", int, "Attempts per call, 1..20."),
    Setting("--retry-gap-minutes", "retryGapMinutes", int, "Wait before a new round of numbers."),
    Setting("--calling-hours", "callingHours", help="HH:MM-HH:MM; empty = the account's."),
    Setting("--name", "name"),
    Setting("--exotel-sid", "sid", exotel=True),
    Setting("--exotel-api-key", "apiKey", exotel=True),
    Setting("--exotel-api-token", "apiToken", exotel=True),
    Setting("--exotel-flow-url", "flowUrl", exotel=True),
)


def with_settings(command: Callable[..., None]) -> Callable[..., None]:
    """`command` taking every SETTINGS option too, passed to it as `settings`: a dict of the
    admin API's fields for the options that were given."""
    own = [
        p
        for p in inspect.signature(command, eval_str=True).parameters.values()
        if p.name != "settings"
    ]
    added = [
        inspect.Parameter(
            s.parameter,
            inspect.Parameter.KEYWORD_ONLY,
            default=typer.Option(None, s.option, help=s.help),
            annotation=s.kind | None,
        )
        for s in SETTINGS
    ]

    @functools.wraps(command)
    def wrapper(**options: Any) -> None:
        given = {s: options.pop(s.parameter) for s in SETTINGS}
        change = {s.field: v for s, v in given.items() if not s.exotel and v is not None}
        exotel = {s.field: v for s, v in given.items() if s.exotel and v}
        if exotel:
            change["exotel"] = exotel
        command(settings=change, **options)

    wrapper.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in (*own, *added)}
    return wrapper


@app.command("create")
@with_settings
def create(
    settings: dict[str, Any],
    account: int = typer.Option(..., "--account", help="Account id."),
    flow_id: str = typer.Option(..., "--flow-id", help="8 letters or digits."),
    dialer: str = typer.Option(..., "--dialer", help="http or exotel."),
) -> None:
    """Create a flow; prints it with its dialer secret (shown once)."""
    from flowhooks.accounts import service
    from flowhooks.outbound import flows

    data = settings | {"dialer": dialer, "flowId": flow_id}

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
    from flowhooks.outbound import flows

    async def work(db: Database) -> dict[str, Any]:
        async with db.read() as session:
            return flows.public_view(await flows.get_or_404(session, account, flow_id))

    echo_json(run(with_db(work)))


@app.command("update")
@with_settings
def update(
    settings: dict[str, Any],
    account: int = typer.Option(..., "--account"),
    flow_id: str = typer.Option(..., "--flow-id"),
    dialer: str | None = typer.Option(None, "--dialer", help="http or exotel."),
    active: bool | None = typer.Option(None, "--active/--inactive"),
) -> None:
    """Change a flow; options not given are left as they are."""
    from flowhooks.outbound import flows

    given = {"dialer": dialer, "active": active}
    data = settings | {k: v for k, v in given.items() if v is not None}

    async def work(db: Database) -> dict[str, Any]:
        change = flows.parse_change(data, creating=False)  # inside run(): errors exit 1
        async with db.session() as session:
            return flows.public_view(await flows.update(session, account, flow_id, change))

    echo_json(run(with_db(work)))
