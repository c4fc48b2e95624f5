"""Input kinds and shared helpers of the calendar methods (ValidateDateAndTime, dateCompare).

The kinds turn a flow's strings into typed values or raise ValueError, which the core
answers as a 422 naming the variable. The helpers pick the account's calendar and the
reference time the rules are evaluated at.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from flowhooks import kinds
from flowhooks.calendar.business import BusinessCalendar, calendar_for
from flowhooks.calendar.settings import CalendarSettings
from flowhooks.calendar.weekdays import parse_weekdays
from flowhooks.registry import Context

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")
_DEFAULT_SETTINGS = CalendarSettings()


class WeekdayList(kinds.Kind[frozenset[int]]):
    """Weekday names or 3-letter forms, comma-separated, any case; at least one working day."""

    def __init__(self) -> None:
        super().__init__(max_length=200)

    def describe(self) -> str:
        return "a comma-separated list of weekday names such as Saturday,Sunday or sat,sun"

    def convert(self, raw: str) -> frozenset[int]:
        days = parse_weekdays(raw)
        if len(days) == 7:
            raise ValueError("every day of the week is off; at least one must be a working day")
        return days


class TimeOfDay(kinds.Kind[time | datetime]):
    """An ISO time (09:00, 09:00:00), a 12-hour time (09:00 AM) or an ISO date-time."""

    def __init__(self) -> None:
        super().__init__(max_length=40)

    def describe(self) -> str:
        return "a time such as 09:00, 09:00 AM or 2019-12-09T09:00:00+05:30"

    def convert(self, raw: str) -> time | datetime:
        text = raw.strip()
        if match := _CLOCK.match(text):
            hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
            if match[4]:
                if not 1 <= hour <= 12:
                    raise ValueError("a 12-hour time has hours 1 to 12")
                hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
            try:
                return time(hour, minute, second)
            except ValueError:
                raise ValueError("it is not a time of day") from None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("it is not a time or an ISO date-time") from None
        kinds.check_year(moment)
        return moment


class ReferenceTime(kinds.Kind[datetime]):
    """An ISO 8601 date-time; without an offset it is read in the account's zone."""

    def __init__(self) -> None:
        super().__init__(max_length=40)

    def describe(self) -> str:
        return "an ISO 8601 date-time such as 2019-11-04T10:00:00+05:30"

    def convert(self, raw: str) -> datetime:
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("it is not an ISO 8601 date-time") from None
        kinds.check_year(value)
        return value


def account_calendar(ctx: Context) -> BusinessCalendar:
    """The calendar of the call's account (defaults when the call names none)."""
    if ctx.account is None:
        return calendar_for(_DEFAULT_SETTINGS)
    return calendar_for(ctx.account.settings.calendar, ctx.account.timezone)


def reference_now(ctx: Context, given: datetime | None, calendar: BusinessCalendar) -> datetime:
    """`referenceTime` when given (no offset = the calendar's zone), else the clock."""
    if given is None:
        return ctx.now()
    return given if given.tzinfo is not None else given.replace(tzinfo=calendar.zone)


def local_time_of(value: time | datetime, calendar: BusinessCalendar) -> time:
    """The wall-clock time of day of a time or date-time, in the calendar's zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(calendar.zone)
        return value.time().replace(microsecond=0)
    return value.replace(microsecond=0, tzinfo=None)


__all__ = [
    "ReferenceTime",
    "TimeOfDay",
    "WeekdayList",
    "account_calendar",
    "local_time_of",
    "reference_now",
]
