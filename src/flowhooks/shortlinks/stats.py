"""Visit statistics: views of visit rows and visits per day in the account's time zone.

Days are counted in the account's zone (a visit at 23:30 IST on the 4th belongs to the
4th, not to the UTC 4th or 5th), with every day of the window present, zeros included,
so a chart needs no gap filling.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flowhooks.store.base import as_utc
from flowhooks.store.shortlinks import ShortLinkVisitRow


def visit_view(visit: ShortLinkVisitRow) -> dict[str, Any]:
    return {
        "visitedAt": as_utc(visit.visited_at).isoformat(),
        "referrer": visit.referrer,
        "userAgent": visit.user_agent,
        "ip": visit.ip,
        "potentialBot": visit.potential_bot,
    }


def window_start(now: datetime, zone: ZoneInfo, days: int) -> datetime:
    """Local midnight `days - 1` days before today, so the window holds `days` whole days."""
    first: date = now.astimezone(zone).date() - timedelta(days=days - 1)
    return datetime.combine(first, time.min, tzinfo=zone)


def by_day(
    visits: list[tuple[datetime, bool]], zone: ZoneInfo, since: datetime, now: datetime
) -> list[dict[str, Any]]:
    """One entry per local day from `since` to today: {date, total, bots, humans}."""
    totals: Counter[date] = Counter()
    bots: Counter[date] = Counter()
    for at, bot in visits:
        day = at.astimezone(zone).date()
        totals[day] += 1
        if bot:
            bots[day] += 1
    days: list[dict[str, Any]] = []
    day, last = since.astimezone(zone).date(), now.astimezone(zone).date()
    while day <= last:
        days.append(
            {
                "date": day.isoformat(),
                "total": totals[day],
                "bots": bots[day],
                "humans": totals[day] - bots[day],
            }
        )
        day += timedelta(days=1)
    return days
