"""The break report: how long, how often and why an agent was paused, per local day.

Built from an agent's status-change records (see `flowhooks.agents.states`). A break runs
from a change into PAUSED to the next change out of it; a break still open is closed at
`until` (the time the report is made). A break that crosses midnight in the account's
zone is split at local midnight, so each day gets the paused time that fell inside it; the
break itself is counted once, on the day it started. A change of reason during a break
(pausing again with another code) splits its time between the reasons without counting a
new break. Arithmetic is done in UTC so days of a DST change are exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flowhooks.agents.states import AgentStatus, StatusChange

UNSPECIFIED = "UNSPECIFIED"
"""The reason label of a break taken without a pause reason."""


@dataclass(slots=True)
class BreakDay:
    """One agent's breaks on one local day."""

    day: date
    paused: timedelta = timedelta(0)
    breaks: int = 0
    by_reason: dict[str, timedelta] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Segment:
    start: datetime
    end: datetime
    reason: str
    opens_break: bool


def break_days(
    changes: Iterable[StatusChange],
    zone: ZoneInfo,
    until: datetime,
    *,
    window_start: datetime | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[BreakDay]:
    """Per-day break totals of one agent, oldest day first, only days with a break.

    `window_start` is used as the start of a break whose opening record is older than the
    records given (the first record leaves PAUSED). `first_day`/`last_day` bound the days
    returned (inclusive, local dates).
    """
    days: dict[date, BreakDay] = {}
    for segment in _segments(changes, until, window_start):
        for day, start, end in _split_at_midnight(segment.start, segment.end, zone):
            entry = days.setdefault(day, BreakDay(day=day))
            length = end - start
            entry.paused += length
            entry.by_reason[segment.reason] = entry.by_reason.get(segment.reason, timedelta(0))
            entry.by_reason[segment.reason] += length
            if segment.opens_break and start == segment.start:
                entry.breaks += 1
    return [
        days[d]
        for d in sorted(days)
        if (first_day is None or d >= first_day) and (last_day is None or d <= last_day)
    ]


def _segments(
    changes: Iterable[StatusChange], until: datetime, window_start: datetime | None
) -> Iterator[_Segment]:
    ordered = sorted((c for c in changes if c.changed), key=lambda c: c.at)
    open_at: datetime | None = None
    open_reason = UNSPECIFIED
    opens_break = False
    for index, change in enumerate(ordered):
        if index == 0 and change.from_status is AgentStatus.PAUSED and window_start is not None:
            open_at, open_reason, opens_break = window_start, UNSPECIFIED, False
        if change.from_status is change.to_status and change.to_status is not AgentStatus.PAUSED:
            continue  # a pending request during a call: no status change
        if open_at is not None and change.from_status is AgentStatus.PAUSED:
            if change.at > open_at:
                yield _Segment(open_at, change.at, open_reason, opens_break)
            open_at = None
        if change.to_status is AgentStatus.PAUSED:
            continued = change.from_status is AgentStatus.PAUSED
            open_at, open_reason = change.at, change.reason or UNSPECIFIED
            opens_break = not continued
    if open_at is not None and until > open_at:
        yield _Segment(open_at, until, open_reason, opens_break)


def _split_at_midnight(
    start: datetime, end: datetime, zone: ZoneInfo
) -> Iterator[tuple[date, datetime, datetime]]:
    """Cut [start, end) at each local midnight; yields (local day, utc start, utc end)."""
    cursor = start.astimezone(UTC)
    stop = end.astimezone(UTC)
    while cursor < stop:
        day = cursor.astimezone(zone).date()
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        boundary = min(next_midnight.astimezone(UTC), stop)
        yield day, cursor, boundary
        cursor = boundary


def seconds(value: timedelta) -> int:
    """A duration as whole seconds, for report columns and JSON answers."""
    return int(value.total_seconds())
