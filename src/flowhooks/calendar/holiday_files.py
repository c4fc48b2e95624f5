"""Read an account's own holiday list from a CSV or an iCalendar (.ics) file.

Banks and HR teams keep holiday lists as spreadsheets or as calendars exported from
Google/Outlook. Both become [(date, name)]; every problem is reported with its line (CSV)
or event (ics) so the person importing can fix the file.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
MAX_EVENT_DAYS = 31


class HolidayFileError(ValueError):
    """A holiday file could not be read; the message lists every bad line."""


def _read_date(text: str) -> date:
    text = text.strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def parse_csv(text: str) -> list[tuple[date, str]]:
    """Rows of `date,name` (ISO `2026-11-09` or day-first `9-11-2026`); a header row is optional."""
    rows: list[tuple[date, str]] = []
    problems: list[str] = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line_no == 1 and cells[0].lower() in {"date", "day"}:
            continue
        if len(cells) < 2 or not cells[1]:
            problems.append(f"line {line_no}: expected 'date,name', got {','.join(cells)!r}")
            continue
        try:
            rows.append((_read_date(cells[0]), cells[1]))
        except ValueError:
            problems.append(
                f"line {line_no}: {cells[0]!r} is not a date (use YYYY-MM-DD or D-M-YYYY)"
            )
    if problems:
        raise HolidayFileError("; ".join(problems))
    return rows


def parse_ics(data: bytes | str) -> list[tuple[date, str]]:
    """All-day VEVENTs (DTSTART;VALUE=DATE); a multi-day event gives one row per day."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise HolidayFileError(f"not an iCalendar file: {exc}") from None
    rows: list[tuple[date, str]] = []
    problems: list[str] = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        name = str(event.get("SUMMARY", "")).strip()
        label = f"event {number} ({name or 'no SUMMARY'})"
        start_prop = event.get("DTSTART")
        if start_prop is None:
            problems.append(f"{label}: no DTSTART")
            continue
        start = start_prop.dt
        if isinstance(start, datetime) or not isinstance(start, date):
            problems.append(f"{label}: DTSTART is a date-time; holidays must be all-day events")
            continue
        if not name:
            problems.append(f"{label}: no SUMMARY to name the holiday")
            continue
        if event.get("RRULE") is not None:
            problems.append(f"{label}: repeating events (RRULE) are not supported")
            continue
        end_prop = event.get("DTEND")
        end = end_prop.dt if end_prop is not None else start + timedelta(days=1)
        if isinstance(end, datetime) or not isinstance(end, date) or end <= start:
            end = start + timedelta(days=1)
        if (end - start).days > MAX_EVENT_DAYS:
            problems.append(f"{label}: spans more than {MAX_EVENT_DAYS} days")
            continue
        rows.extend((start + timedelta(days=i), name) for i in range((end - start).days))
    if problems:
        raise HolidayFileError("; ".join(problems))
    return rows


def parse_holiday_file(filename: str, data: bytes) -> list[tuple[date, str]]:
    """Pick the reader by extension: .ics / .ical for iCalendar, anything else as CSV."""
    if filename.lower().endswith((".ics", ".ical", ".ifb")):
        return parse_ics(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HolidayFileError(f"{filename}: not UTF-8 text") from None
    return parse_csv(text)
