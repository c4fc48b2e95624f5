"""`flowhooks import agents`: the Direct Dial agents an account had, with their pause state.

A CSV with `cli,name` and optional `paused` (true/false, yes/no, 1/0; empty is false) and
`reason` (the pause reason, kept as written). Numbers are normalised as the webhooks
normalise them. A number given twice in the file, or already registered in the account,
refuses the file; an imported agent is AVAILABLE or PAUSED from the moment of the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from flowhooks import phones
from flowhooks.agents.states import AgentStatus
from flowhooks.migration.files import BadImportFile, Imported, csv_rows
from flowhooks.store import agents as store
from flowhooks.store.database import Database

TRUE = frozenset({"true", "yes", "1", "paused"})
FALSE = frozenset({"", "false", "no", "0", "available"})
MAX_NAME = 200  # agents.name
MAX_REASON = 64  # agents.reason


@dataclass(frozen=True, slots=True)
class AgentImport:
    line: int
    number: str
    name: str
    paused: bool
    reason: str | None


def read(path: Path) -> list[AgentImport]:
    """Every agent in the file, checked; or BadImportFile."""
    agents: list[AgentImport] = []
    seen: dict[str, int] = {}
    for line, cells in csv_rows(path, ("cli", "name")):
        try:
            number = phones.normalize(cells["cli"])
        except ValueError as exc:
            raise BadImportFile(line, f"cli {cells['cli']!r}: {exc}") from None
        if number in seen:
            raise BadImportFile(line, f"cli {number} is already on line {seen[number]}")
        seen[number] = line
        name = cells["name"]
        if not name or len(name) > MAX_NAME:
            raise BadImportFile(line, f"name must be 1 to {MAX_NAME} characters")
        paused_text = cells.get("paused", "").lower()
        if paused_text not in TRUE | FALSE:
            raise BadImportFile(line, f"paused must be true or false, got {cells['paused']!r}")
        reason = cells.get("reason") or None
        if reason is not None and len(reason) > MAX_REASON:
            raise BadImportFile(line, f"reason must be at most {MAX_REASON} characters")
        agents.append(AgentImport(line, number, name, paused_text in TRUE, reason))
    return agents


async def load(
    db: Database, account_id: int, path: Path, *, dry_run: bool, now: datetime
) -> Imported:
    """Check the file and the agents already registered, then (unless dry_run) register
    every agent in one transaction."""
    agents = read(path)
    async with db.session() as session:
        registered = {row.number for row in await store.list_of(session, account_id)}
        for agent in agents:
            if agent.number in registered:
                raise BadImportFile(agent.line, f"cli {agent.number} is already an agent")
        if dry_run:
            return Imported(rows=len(agents), written=False)
        session.add_all(
            store.AgentRow(
                account_id=account_id,
                number=agent.number,
                name=agent.name,
                status=(AgentStatus.PAUSED if agent.paused else AgentStatus.AVAILABLE).value,
                since=now,
                reason=agent.reason if agent.paused else None,
                created_at=now,
            )
            for agent in agents
        )
        try:
            await session.flush()
        except IntegrityError:  # registered by someone else while the file was read
            raise BadImportFile(None, "an agent of the file was registered meanwhile") from None
    return Imported(rows=len(agents), written=True)
