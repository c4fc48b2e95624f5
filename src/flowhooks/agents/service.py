"""Agent operations shared by the webhook methods, the admin API and the CLI.

Each operation is one write transaction: lock the agent's row, apply a pure transition
from `flowhooks.agents.states`, store the new state and its change record. Invalid pause
reasons become 422 answers naming `$flow.key.pauseReason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flowhooks.accounts import Account
from flowhooks.agents import states
from flowhooks.agents.breaks import BreakDay, break_days
from flowhooks.agents.states import AgentState, PauseRequest
from flowhooks.errors import InvalidParameter
from flowhooks.store import agents as store
from flowhooks.store.database import Database


@dataclass(frozen=True, slots=True)
class AgentView:
    """An agent as the doors show it."""

    number: str
    name: str
    state: AgentState

    def as_dict(self) -> dict[str, str | None]:
        return {
            "cli": self.number,
            "name": self.name,
            "agentStatus": self.state.status.value,
            "pauseReason": self.state.reason,
            "pendingStatus": states.pending_label(self.state),
            "since": self.state.since.isoformat(),
        }


def _view(row: store.AgentRow) -> AgentView:
    return AgentView(row.number, row.name, row.state())


async def change_pause(
    db: Database,
    account: Account,
    number: str,
    wanted: PauseRequest,
    reason: str | None,
    now: datetime,
) -> AgentView:
    """Apply pause / unpause / toggle to the agent with this number."""
    async with db.session() as session:
        row = await store.get_or_404(session, account.id, number, lock=True)
        try:
            transition = states.request(row.state(), wanted, now, account.settings.agents, reason)
        except states.InvalidPauseReason as exc:
            raise InvalidParameter(
                "$flow.key.pauseReason", "one of the account's pause codes", reason, str(exc)
            ) from None
        await store.record(session, row, transition)
        return _view(row)


async def allocate(db: Database, account_id: int, now: datetime) -> AgentView | None:
    """Give a call to the longest-idle AVAILABLE agent; None when nobody is available."""
    async with db.session() as session:
        row = await store.lock_longest_idle(session, account_id)
        if row is None:
            return None
        await store.record(session, row, states.occupy(row.state(), now))
        return _view(row)


async def release(db: Database, account_id: int, number: str, now: datetime) -> AgentView:
    """End the agent's call; a pending pause starts now."""
    async with db.session() as session:
        row = await store.get_or_404(session, account_id, number, lock=True)
        await store.record(session, row, states.release(row.state(), now))
        return _view(row)


async def break_report(
    db: Database,
    account: Account,
    first_day: date,
    last_day: date,
    now: datetime,
    number: str | None = None,
) -> list[tuple[AgentView, list[BreakDay]]]:
    """Each agent's (or one agent's) break days between two local dates, inclusive."""
    zone = account.timezone
    since = datetime.combine(first_day, time(0), tzinfo=zone)
    until = min(now, datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone))
    report: list[tuple[AgentView, list[BreakDay]]] = []
    async with db.read() as session:
        if number is not None:
            rows = [await store.get_or_404(session, account.id, number)]
        else:
            rows = list(await store.list_of(session, account.id))
        for row in rows:
            changes = await store.changes_of(session, row.id, since, until)
            days = break_days(changes, zone, until, first_day=first_day, last_day=last_day)
            report.append((_view(row), days))
    return report
