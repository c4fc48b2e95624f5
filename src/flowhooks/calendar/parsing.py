"""Read the dates callers say and flows send, relative to an injected `now` in the account zone.

Order: ISO 8601, extended or basic (`20191209T1030`; no offset = the account's zone),
day-first numeric `D-M-YYYY` / `DD/MM/YYYY`, the romanised Hindi words of spoken.py,
day + month name (month_dates.py, the commonest form, without dateparser's cost), then
dateparser (English + Hindi, future-preferring, day-first). It always gets RELATIVE_BASE
and TIMEZONE, so neither the server clock nor the server zone leaks in. dateparser is
imported and its language data loaded on first use (or by warm_up()), never at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flowhooks.calendar import spoken
from flowhooks.calendar.month_dates import parse_month_date
from flowhooks.kinds import EARLIEST_YEAR, LATEST_YEAR

_ISO_SHAPE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
# The basic format (ISO 8601 without separators): 20191209, 20191209T1030, 20191209T103000Z.
_ISO_BASIC_SHAPE = re.compile(r"^\d{8}(?:T\d{4}(?:\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DAY_FIRST = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"
    r"(?:[ T,]+(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
_BASE_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "future",
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": True,
    "RETURN_AS_TIMEZONE_AWARE": True,
}
LANGUAGES: tuple[str, ...] = ("en", "hi")
MAX_INPUT_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A calendar date in the account zone, with the time of day when one was given."""

    day: date
    time: time | None = None

    @property
    def has_time(self) -> bool:
        """True when the input named a time of day."""
        return self.time is not None


def parse_date_input(text: str, *, now: datetime, tz: ZoneInfo) -> ParsedDate | None:
    """Parse a date (and time) as callers and flows give it; None when it cannot be read."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_INPUT_LENGTH:
        return None
    parsed = _parse(cleaned, now.astimezone(tz), tz)
    if parsed is not None and not EARLIEST_YEAR <= parsed.day.year <= LATEST_YEAR:
        return None  # a date no flow means, and too near datetime's limits to compute with
    return parsed


def _parse(cleaned: str, local_now: datetime, tz: ZoneInfo) -> ParsedDate | None:
    if _ISO_SHAPE.match(cleaned) or _ISO_BASIC_SHAPE.match(cleaned):
        return _parse_iso(cleaned, tz)
    if match := _DAY_FIRST.match(cleaned):
        return _parse_day_first(match)
    if found := spoken.parse_spoken(cleaned, local_now.date()):
        return ParsedDate(found[0], found[1])
    stripped = spoken.strip_particles(cleaned)
    if day := parse_month_date(stripped, local_now.date()):
        return ParsedDate(day)
    return _parse_with_dateparser(stripped, local_now, tz)


def _parse_iso(text: str, tz: ZoneInfo) -> ParsedDate | None:
    try:
        if len(text) in (8, 10):  # a date alone, basic or extended
            return ParsedDate(date.fromisoformat(text))
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None  # turning 9999-12-31T23:59:59-14:00 into the account's zone overflows
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return ParsedDate(moment.date(), moment.time().replace(microsecond=0, tzinfo=None))


def _parse_day_first(match: re.Match[str]) -> ParsedDate | None:
    day_, month, year, hour, minute, second, meridiem = match.groups()
    try:
        day = date(int(year), int(month), int(day_))
        if hour is None:
            return ParsedDate(day)
        h = int(hour)
        if meridiem:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if meridiem.lower().startswith("p") else 0)
        return ParsedDate(day, time(h, int(minute or 0), int(second or 0)))
    except ValueError:
        return None


def dateparser_settings(local_now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """dateparser settings pinned to the injected clock and the account zone."""
    return {
        **_BASE_SETTINGS,
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "TIMEZONE": tz.key,
    }


def _parse_with_dateparser(text: str, local_now: datetime, tz: ZoneInfo) -> ParsedDate | None:
    from dateparser.date import DateDataParser

    if not text:
        return None
    parser = DateDataParser(languages=list(LANGUAGES), settings=dateparser_settings(local_now, tz))
    data = parser.get_date_data(text)
    moment: datetime | None = data.date_obj
    if moment is None:
        return None
    moment = moment.astimezone(tz) if moment.tzinfo is not None else moment
    if data.period == "time":
        return ParsedDate(moment.date(), moment.time().replace(microsecond=0, tzinfo=None))
    return ParsedDate(moment.date())


def warm_up() -> None:
    """Load dateparser's language data now (call at startup; the first parse is slow)."""
    from datetime import UTC

    zone = ZoneInfo("Asia/Kolkata")
    parse_date_input("8 दिसंबर", now=datetime(2020, 1, 1, tzinfo=UTC), tz=zone)
    parse_date_input("8 december", now=datetime(2020, 1, 1, tzinfo=UTC), tz=zone)


_NUMERIC_IN_TEXT = re.compile(
    r"(?<![\d-])(\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?![\d-])"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर"
    "|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
)
_MONTH_IN_TEXT = re.compile(
    rf"(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)(?![\w\u0900-\u097F])",
    re.IGNORECASE,
)


def find_date_in_text(text: str, *, now: datetime, tz: ZoneInfo) -> date | None:
    """The first date mentioned inside a sentence ("kal subah call karna"), else None.

    Precise rather than eager: only explicit dates, month-name dates and the spoken forms
    of spoken/ (with full weekday names only) count, so "call me at 5" finds nothing.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(tz).date()
    found: list[tuple[int, date]] = []
    for match in _NUMERIC_IN_TEXT.finditer(text):
        parsed = parse_date_input(match.group(1), now=now, tz=tz)
        if parsed is not None:
            found.append((match.start(), parsed.day))
    for match in _MONTH_IN_TEXT.finditer(text):
        parsed = parse_date_input(match.group(0), now=now, tz=tz)
        if parsed is not None:
            found.append((match.start(), parsed.day))
    tokens = list(spoken.TOKEN.finditer(text))
    words = [token.group(0) for token in tokens]
    for run in spoken.find_days(words, today, full_names_only=True):
        found.append((tokens[run.start].start(), run.day))
    return min(found)[1] if found else None
