"""Direct Dial agents and their status changes: every query of the agents area lives here.

The state machine itself is pure (`flowhooks.agents.states`); these functions load an
agent's row under a lock, apply a transition and write the new state and its change record
in the same transaction. Allocation picks the longest-idle AVAILABLE agent with
`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two concurrent allocations never lock (and so
never get) the same agent; on SQLite write transactions are serialised by BEGIN IMMEDIATE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.agents.states import AgentState, AgentStatus, StatusChange, Transition
from flowhooks.errors import Conflict, NotFound
from flowhooks.store.base import Base, BigId, as_utc, utcnow


class AgentNotFound(NotFound):
    """No agent has this number in this account."""

    code = "AGENT_NOT_FOUND"


class AgentRow(Base):
    __tablename__ = "agents"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "number", name="uq_agents_account_number"),
        sa.Index("ix_agents_account_status_since", "account_id", "status", "since"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(10))
    since: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(sa.String(64))
    pending: Mapped[str | None] = mapped_column(sa.String(10))
    pending_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def state(self) -> AgentState:
        return AgentState(
            status=AgentStatus(self.status),
            since=as_utc(self.since),
            reason=self.reason,
            pending=AgentStatus(self.pending) if self.pending else None,
            pending_reason=self.pending_reason,
        )

    def apply(self, state: AgentState) -> None:
        self.status = state.status.value
        self.since = state.since
        self.reason = state.reason
        self.pending = state.pending.value if state.pending else None
        self.pending_reason = state.pending_reason


class AgentStatusChangeRow(Base):
    __tablename__ = "agent_status_changes"
    __table_args__ = (sa.Index("ix_agent_status_changes_agent_at", "agent_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("agents.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(sa.Integer)
    at: Mapped[datetime]
    from_status: Mapped[str] = mapped_column(sa.String(10))
    to_status: Mapped[str] = mapped_column(sa.String(10))
    reason: Mapped[str | None] = mapped_column(sa.String(64))
    pending: Mapped[str | None] = mapped_column(sa.String(10))

    def change(self) -> StatusChange:
        return StatusChange(
            at=as_utc(self.at),
            from_status=AgentStatus(self.from_status),
            to_status=AgentStatus(self.to_status),
            reason=self.reason,
            pending=AgentStatus(self.pending) if self.pending else None,
        )


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def add(
    session: AsyncSession, account_id: int, number: str, name: str, now: datetime
) -> AgentRow:
    """Register an agent, AVAILABLE from now; a number already registered is a 409."""
    if await find(session, account_id, number) is not None:
        raise Conflict(f"agent {number} already exists in account {account_id}")
    row = AgentRow(
        account_id=account_id,
        number=number,
        name=name,
        status=AgentStatus.AVAILABLE.value,
        since=now,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # the same number added at the same moment
        raise Conflict(f"agent {number} already exists in account {account_id}") from None
    return row


async def find(
    session: AsyncSession, account_id: int, number: str, *, lock: bool = False
) -> AgentRow | None:
    query = sa.select(AgentRow).where(AgentRow.account_id == account_id, AgentRow.number == number)
    if lock and _on_postgresql(session):
        query = query.with_for_update()
    return await session.scalar(query)


async def get_or_404(
    session: AsyncSession, account_id: int, number: str, *, lock: bool = False
) -> AgentRow:
    row = await find(session, account_id, number, lock=lock)
    if row is None:
        raise AgentNotFound(f"no agent {number} in account {account_id}")
    return row


async def list_of(session: AsyncSession, account_id: int) -> Sequence[AgentRow]:
    rows = await session.scalars(
        sa.select(AgentRow).where(AgentRow.account_id == account_id).order_by(AgentRow.number)
    )
    return rows.all()


async def remove(session: AsyncSession, account_id: int, number: str) -> bool:
    row = await find(session, account_id, number)
    if row is None:
        return False
    await session.execute(
        sa.delete(AgentStatusChangeRow).where(AgentStatusChangeRow.agent_id == row.id)
    )
    await session.delete(row)
    return True


async def record(session: AsyncSession, row: AgentRow, transition: Transition) -> None:
    """Write the transition's state on the row and keep its change record when it changed."""
    row.apply(transition.state)
    change = transition.change
    if change.changed:
        session.add(
            AgentStatusChangeRow(
                agent_id=row.id,
                account_id=row.account_id,
                at=change.at,
                from_status=change.from_status.value,
                to_status=change.to_status.value,
                reason=change.reason,
                pending=change.pending.value if change.pending else None,
            )
        )
    await session.flush()


async def lock_longest_idle(session: AsyncSession, account_id: int) -> AgentRow | None:
    """The AVAILABLE agent idle the longest, locked; agents locked by others are skipped."""
    query = (
        sa.select(AgentRow)
        .where(AgentRow.account_id == account_id, AgentRow.status == AgentStatus.AVAILABLE.value)
        .order_by(AgentRow.since, AgentRow.id)
        .limit(1)
    )
    if _on_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    return await session.scalar(query)


async def changes_of(
    session: AsyncSession, agent_id: int, since: datetime, until: datetime
) -> list[StatusChange]:
    """The agent's changes in [since, until), plus the last one before `since` (the state
    the window starts in)."""
    before = await session.scalar(
        sa.select(AgentStatusChangeRow)
        .where(AgentStatusChangeRow.agent_id == agent_id, AgentStatusChangeRow.at < since)
        .order_by(AgentStatusChangeRow.at.desc(), AgentStatusChangeRow.id.desc())
        .limit(1)
    )
    rows = await session.scalars(
        sa.select(AgentStatusChangeRow)
        .where(
            AgentStatusChangeRow.agent_id == agent_id,
            AgentStatusChangeRow.at >= since,
            AgentStatusChangeRow.at < until,
        )
        .order_by(AgentStatusChangeRow.at, AgentStatusChangeRow.id)
    )
    found = [r.change() for r in rows]
    return ([before.change()] if before is not None else []) + found
