"""The exact text forms ValidateDateAndTime and dateCompare answer with.

Flows speak these strings to callers and paste them into SMS templates, so the shapes are
fixed by the contract: `2019-12-09T09:00:00+05:30`, `9-12-2019`, `09:00 AM to 06:00 PM`,
`Monday`, `"true"`/`"false"`.
"""

from __future__ import annotations

from datetime import date, datetime, time

from flowhooks.calendar.weekdays import WEEKDAY_NAMES


def format_output_date(moment: datetime) -> str:
    """ISO 8601 with the zone offset and seconds: `2019-12-09T09:00:00+05:30`."""
    if moment.tzinfo is None:
        raise ValueError("output dates must be timezone-aware")
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


def format_sms_date(day: date) -> str:
    """Day-month-year without zero padding: `9-12-2019`."""
    return f"{day.day}-{day.month}-{day.year}"


def format_clock(moment: time) -> str:
    """Twelve-hour clock with zero padding: `09:00 AM`, `06:00 PM`, `12:00 PM`."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour:02d}:{moment.minute:02d} {suffix}"


def format_window(start: time, end: time) -> str:
    """A time window as `09:00 AM to 06:00 PM`."""
    return f"{format_clock(start)} to {format_clock(end)}"


def format_weekday(day: date) -> str:
    """English weekday name: `Monday`."""
    return WEEKDAY_NAMES[day.weekday()]


def format_bool(value: bool) -> str:
    """Booleans as flows expect them: `"true"` / `"false"`."""
    return "true" if value else "false"
