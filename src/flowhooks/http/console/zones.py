"""Times on console pages: shown and entered in the selected account's zone, stored UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import Request

from flowhooks.auth.console import ConsoleUser
from flowhooks.http.deps import runtime
from flowhooks.store.base import as_utc

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


async def zone_of(request: Request, user: ConsoleUser) -> ZoneInfo:
    """The selected account's zone (UTC when no account exists yet)."""
    if user.account_id is not None:
        account = await runtime(request).account(user.account_id)
        if account is not None:
            return account.timezone
    return ZoneInfo("UTC")


def parse_local(text: str | None, zone: ZoneInfo) -> datetime | None:
    """A datetime-local input (2026-11-28T14:30) in `zone`, as aware UTC; None when blank."""
    if not text or not text.strip():
        return None
    try:
        naive = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time such as 2026-11-28T14:30") from None
    local = naive.replace(tzinfo=zone) if naive.tzinfo is None else naive
    return local.astimezone(UTC)


def shown(value: datetime, zone: ZoneInfo) -> str:
    return as_utc(value).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z")


def bucket_labels(
    start: datetime,
    step_seconds: float,
    count: int,
    zone: ZoneInfo,
    length: timedelta = timedelta(days=1),
) -> list[str]:
    """Each bucket's start in `zone`: the time of day, with the day for windows over 24 h."""
    form = "%a %H:%M" if length > timedelta(days=1) else "%H:%M"
    return [
        (start + timedelta(seconds=step_seconds * i)).astimezone(zone).strftime(form)
        for i in range(count)
    ]


def duration_text(seconds: float) -> str:
    """5 minutes / 1 hour / 6 hours: a bucket's width in words."""
    minutes = round(seconds / 60)
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"
