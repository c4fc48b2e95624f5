"""An account's holidays for the admin doors (CLI and admin API): import a file, list a year.

Imported holidays are stored in the account's calendar settings (`added_holidays`) through
accounts.service.update, so they are validated like any settings change and a refused
import leaves the account as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import service
from flowhooks.calendar.business import calendar_for
from flowhooks.calendar.formatting import format_weekday
from flowhooks.calendar.holiday_files import HolidayFileError, parse_holiday_file
from flowhooks.errors import InvalidParameter

MIN_YEAR, MAX_YEAR = 1950, 2100


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    read: int
    new: int
    total: int


async def import_holidays(
    session: AsyncSession, account_id: int, filename: str, data: bytes, *, replace: bool = False
) -> ImportSummary:
    """Add the file's holidays to the account's own list (or replace the list)."""
    try:
        rows = parse_holiday_file(filename, data)
    except HolidayFileError as exc:
        raise InvalidParameter(
            "file", "a CSV of date,name rows or an iCalendar file", reason=str(exc)
        ) from None
    row = await service.get_or_404(session, account_id)
    account = row.to_domain()
    current: dict[date, str] = {} if replace else dict(account.settings.calendar.added_holidays)
    before = set(current)
    current.update(rows)
    added = {day.isoformat(): name for day, name in sorted(current.items())}
    await service.update(session, account_id, settings={"calendar": {"added_holidays": added}})
    return ImportSummary(read=len(rows), new=len(set(current) - before), total=len(current))


async def list_holidays(session: AsyncSession, account_id: int, year: int) -> list[dict[str, Any]]:
    """Every holiday the account observes in a year: date, weekday and name."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidParameter("year", f"a year from {MIN_YEAR} to {MAX_YEAR}", str(year))
    account = (await service.get_or_404(session, account_id)).to_domain()
    calendar = calendar_for(account.settings.calendar, account.timezone)
    return [
        {"date": day.isoformat(), "weekday": format_weekday(day), "name": name}
        for day, name in calendar.holidays_in(year).items()
    ]
