"""`flowhooks agents …`: register, list and remove Direct Dial agents, and print breaks.

A door like the admin API: it normalises the number and calls the same store and service
functions. Numbers may be written in any common form (`+91 99797 46666`, `09979746666`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from flowhooks.cli.arguments import phone_number
from flowhooks.cli.database import with_db
from flowhooks.cli.output import command_group, echo_json, run

if TYPE_CHECKING:
    from flowhooks.store.database import Database

app = command_group("Direct Dial agents.")


@app.command("add")
def add(
    account: int = typer.Option(..., "--account", help="Account id."),
    cli: str = typer.Option(..., "--cli", help="The agent's phone number."),
    name: str = typer.Option(..., "--name", help="The agent's name."),
) -> None:
    """Register an agent (AVAILABLE from now)."""
    from flowhooks.accounts import service as accounts
    from flowhooks.agents.service import AgentView
    from flowhooks.store import agents as store
    from flowhooks.store.base import utcnow

    number = phone_number(cli)

    async def work(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            await accounts.get_or_404(session, account)
            row = await store.add(session, account, number, name.strip(), utcnow())
            return AgentView(row.number, row.name, row.state()).as_dict()

    echo_json(run(with_db(work)))


@app.command("list")
def list_agents(account: int = typer.Option(..., "--account", help="Account id.")) -> None:
    """List the account's agents: number, name, status, pending status, since."""
    from flowhooks.agents import states
    from flowhooks.store import agents as store

    async def work(db: Database) -> list[str]:
        async with db.read() as session:
            rows = await store.list_of(session, account)
            lines = []
            for row in rows:
                state = row.state()
                lines.append(
                    "\t".join(
                        (
                            row.number,
                            row.name,
                            state.status.value,
                            states.pending_label(state),
                            state.since.isoformat(timespec="seconds"),
                        )
                    )
                )
            return lines

    for line in run(with_db(work)):
        typer.echo(line)


@app.command("remove")
def remove(
    account: int = typer.Option(..., "--account", help="Account id."),
    cli: str = typer.Option(..., "--cli", help="The agent's phone number."),
) -> None:
    """Remove an agent and its status history."""
    from flowhooks.store import agents as store

    number = phone_number(cli)

    async def work(db: Database) -> bool:
        async with db.session() as session:
            return await store.remove(session, account, number)

    if run(with_db(work)):
        typer.echo(f"removed agent {number} from account {account}")
    else:
        typer.echo(f"no agent {number} in account {account}", err=True)
        raise typer.Exit(1)


@app.command("breaks")
def breaks(
    account: int = typer.Option(..., "--account", help="Account id."),
    from_: str = typer.Option(..., "--from", help="First local day, YYYY-MM-DD."),
    to: str = typer.Option(..., "--to", help="Last local day, YYYY-MM-DD."),
) -> None:
    """Print the break report: agent, day, paused seconds, breaks, seconds per reason."""
    from flowhooks.agents import service
    from flowhooks.agents.breaks import seconds
    from flowhooks.store.base import utcnow

    try:
        first, last = date.fromisoformat(from_), date.fromisoformat(to)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None

    async def work(db: Database) -> list[str]:
        from flowhooks.accounts import service as accounts

        async with db.read() as session:
            found = (await accounts.get_or_404(session, account)).to_domain()
        report = await service.break_report(db, found, first, last, utcnow())
        return [
            f"{agent.number}\t{day.day}\t{seconds(day.paused)}\t{day.breaks}\t"
            + ",".join(f"{k}={seconds(v)}" for k, v in sorted(day.by_reason.items()))
            for agent, days in report
            for day in days
        ]

    for line in run(with_db(work)):
        typer.echo(line)
