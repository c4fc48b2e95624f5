"""Short links, their visits and chatbot sessions: every query of the shortener lives here.

The redirect path reads one row by its unique code. Visits are inserted in batches by a
BatchWriter and counted from the visits table (indexed by link and time), so a hot link
never serialises on a row-locked counter. Only links with a visit limit keep a counter
(`visit_count`), raised by one conditional UPDATE per human visit: the limit is exact
even across processes, and only those links pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from flowhooks.store.base import Base, BigId, as_utc, utcnow
from flowhooks.store.database import Database
from flowhooks.store.fast.interface import Conflict
from flowhooks.store.fast.statements import table_of


class ShortLinkRow(Base):
    __tablename__ = "short_links"
    __table_args__ = (sa.Index("ix_short_links_account_created", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    long_url: Mapped[str] = mapped_column(sa.Text)
    redirect_code: Mapped[int] = mapped_column(sa.SmallInteger)
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    max_visits: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    # Human visits counted against max_visits; stays 0 for links without a limit.
    visit_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    domain: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ShortLinkVisitRow(Base):
    __tablename__ = "short_link_visits"
    __table_args__ = (sa.Index("ix_short_link_visits_link_time", "link_id", "visited_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    link_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("short_links.id", ondelete="CASCADE"))
    visited_at: Mapped[datetime]
    referrer: Mapped[str | None] = mapped_column(sa.String(1024), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(sa.String(512), nullable=True)
    ip: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    potential_bot: Mapped[bool] = mapped_column(sa.Boolean)


class BotSessionRow(Base):
    __tablename__ = "bot_sessions"

    bot_unique_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("short_links.id", ondelete="SET NULL"), nullable=True
    )
    botid: Mapped[str] = mapped_column(sa.String(128))
    cli: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    variables: Mapped[Any] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


@dataclass(frozen=True, slots=True)
class LinkSnapshot:
    """What the redirect needs of a link: small, immutable, cheap to cache per process."""

    id: int
    code: str
    account_id: int
    long_url: str
    redirect_code: int
    expires_at: datetime | None
    max_visits: int | None

    @classmethod
    def of(cls, row: ShortLinkRow) -> LinkSnapshot:
        return cls(
            id=row.id,
            code=row.code,
            account_id=row.account_id,
            long_url=row.long_url,
            redirect_code=row.redirect_code,
            expires_at=as_utc(row.expires_at) if row.expires_at else None,
            max_visits=row.max_visits,
        )


@dataclass(frozen=True, slots=True)
class VisitCounts:
    total: int = 0
    bots: int = 0

    @property
    def humans(self) -> int:
        return self.total - self.bots


class CodeTaken(Exception):
    """The short code (or slug) is already used by another link."""


_LINKS = table_of(ShortLinkRow)


async def insert_link(db: Database, **values: Any) -> ShortLinkRow:
    """Insert a link in its own transaction; a taken code raises CodeTaken (callers retry).

    Creating links is a hot path of campaigns: one prepared statement on the fast path.
    """
    now = utcnow()
    values = {"created_at": now, "updated_at": now, "visit_count": 0, **values}
    try:
        async with db.fast.transaction() as tx:
            link_id = await tx.insert_one(_LINKS, values)
    except Conflict as exc:
        raise CodeTaken(values["code"]) from exc
    return ShortLinkRow(id=link_id, **values)


async def insert_links(db: Database, rows: list[dict[str, Any]]) -> None:
    """Insert many links in one transaction (an import); a taken code raises CodeTaken and
    inserts none."""
    try:
        async with db.fast.transaction() as tx:
            await tx.insert(_LINKS, rows)
    except Conflict as exc:
        raise CodeTaken("a code of the batch") from exc


async def taken_codes(session: AsyncSession, codes: list[str]) -> set[str]:
    """Which of these codes stored links already use."""
    taken: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        rows = await session.scalars(
            sa.select(ShortLinkRow.code).where(ShortLinkRow.code.in_(chunk))
        )
        taken.update(rows)
    return taken


async def snapshot_by_code(session: AsyncSession, code: str) -> LinkSnapshot | None:
    row = await session.scalar(sa.select(ShortLinkRow).where(ShortLinkRow.code == code))
    return LinkSnapshot.of(row) if row else None


async def link_by_code(
    session: AsyncSession, code: str, account_id: int | None = None
) -> ShortLinkRow | None:
    query = sa.select(ShortLinkRow).where(ShortLinkRow.code == code)
    if account_id is not None:
        query = query.where(ShortLinkRow.account_id == account_id)
    return await session.scalar(query)


async def list_links(
    session: AsyncSession, account_id: int | None, *, limit: int, offset: int
) -> tuple[list[ShortLinkRow], int]:
    """A page of links, newest first, and how many there are in all."""
    where = [] if account_id is None else [ShortLinkRow.account_id == account_id]
    total = await session.scalar(sa.select(sa.func.count()).select_from(ShortLinkRow).where(*where))
    query = (
        sa.select(ShortLinkRow)
        .where(*where)
        .order_by(ShortLinkRow.created_at.desc(), ShortLinkRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list((await session.scalars(query)).all()), int(total or 0)


async def delete_link(session: AsyncSession, link_id: int) -> None:
    await session.execute(sa.delete(ShortLinkVisitRow).where(ShortLinkVisitRow.link_id == link_id))
    await session.execute(sa.delete(ShortLinkRow).where(ShortLinkRow.id == link_id))


async def consume_visit(session: AsyncSession, link_id: int) -> bool:
    """Count one visit against the link's limit; False when the limit is already reached."""
    result = await session.execute(
        sa.update(ShortLinkRow)
        .where(
            ShortLinkRow.id == link_id,
            ShortLinkRow.max_visits.is_not(None),
            ShortLinkRow.visit_count < ShortLinkRow.max_visits,
        )
        .values(visit_count=ShortLinkRow.visit_count + 1)
    )
    return bool(getattr(result, "rowcount", 0))


async def is_used_up(session: AsyncSession, link_id: int) -> bool:
    row = await session.execute(
        sa.select(ShortLinkRow.visit_count, ShortLinkRow.max_visits).where(
            ShortLinkRow.id == link_id
        )
    )
    found = row.first()
    return found is not None and found.max_visits is not None and found[0] >= found.max_visits


async def visit_counts(session: AsyncSession, link_ids: list[int]) -> dict[int, VisitCounts]:
    """Total and bot visits of each link, from the visits table."""
    if not link_ids:
        return {}
    bots = sa.func.sum(sa.case((ShortLinkVisitRow.potential_bot, 1), else_=0))
    query = (
        sa.select(ShortLinkVisitRow.link_id, sa.func.count(), bots)
        .where(ShortLinkVisitRow.link_id.in_(link_ids))
        .group_by(ShortLinkVisitRow.link_id)
    )
    counts = {link_id: VisitCounts() for link_id in link_ids}
    for link_id, total, bot_total in (await session.execute(query)).all():
        counts[link_id] = VisitCounts(int(total), int(bot_total or 0))
    return counts


async def visits_of(
    session: AsyncSession,
    link_id: int,
    *,
    limit: int,
    offset: int,
    exclude_bots: bool = False,
    since: datetime | None = None,
) -> list[ShortLinkVisitRow]:
    """A page of a link's visits, newest first."""
    query = sa.select(ShortLinkVisitRow).where(ShortLinkVisitRow.link_id == link_id)
    if exclude_bots:
        query = query.where(ShortLinkVisitRow.potential_bot.is_(False))
    if since is not None:
        query = query.where(ShortLinkVisitRow.visited_at >= since)
    query = query.order_by(ShortLinkVisitRow.visited_at.desc(), ShortLinkVisitRow.id.desc())
    return list((await session.scalars(query.limit(limit).offset(offset))).all())


async def visit_times(
    session: AsyncSession, link_id: int, since: datetime
) -> list[tuple[datetime, bool]]:
    """(time, bot flag) of every visit since a moment, for per-day statistics."""
    query = sa.select(ShortLinkVisitRow.visited_at, ShortLinkVisitRow.potential_bot).where(
        ShortLinkVisitRow.link_id == link_id, ShortLinkVisitRow.visited_at >= since
    )
    return [(as_utc(at), bool(bot)) for at, bot in (await session.execute(query)).all()]


async def insert_bot_session(session: AsyncSession, **values: Any) -> BotSessionRow:
    row = BotSessionRow(created_at=utcnow(), **values)
    session.add(row)
    await session.flush()
    return row


async def bot_session(session: AsyncSession, bot_unique_id: str) -> BotSessionRow | None:
    return await session.get(BotSessionRow, bot_unique_id)


async def link_code(session: AsyncSession, link_id: int) -> str | None:
    return await session.scalar(sa.select(ShortLinkRow.code).where(ShortLinkRow.id == link_id))
