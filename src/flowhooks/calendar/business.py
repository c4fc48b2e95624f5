"""Business-day arithmetic over an account's calendar.

A business day is neither a weekly day off nor a holiday. Holidays come from
python-holidays (country + subdivision, optionally an exchange calendar), the account's
own additions (dated, yearly, second and fourth Saturdays) minus the library dates it
removed. Each (settings fingerprint, year) holiday map is built once per process and kept
in an LRU cache: building a year costs milliseconds, a webhook call must not.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from flowhooks.calendar.settings import EXCHANGE_CALENDARS, CalendarSettings, TimeWindow

MAX_SEARCH_DAYS = 3 * 366
"""How far a search for a business day goes before giving up (a calendar with no days)."""


class NoBusinessDayError(ValueError):
    """No business day exists within MAX_SEARCH_DAYS of the start."""


class FewerBusinessDaysError(NoBusinessDayError):
    """Fewer business days than asked for exist within MAX_SEARCH_DAYS of the start."""


class _ByFingerprint:
    """Hashes settings by their fingerprint so they can key an lru_cache."""

    __slots__ = ("settings",)

    def __init__(self, settings: CalendarSettings) -> None:
        self.settings = settings

    def __hash__(self) -> int:
        return hash(self.settings.fingerprint)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _ByFingerprint)
            and other.settings.fingerprint == self.settings.fingerprint
        )


def _library_holidays(settings: CalendarSettings, year: int) -> dict[date, str]:
    names: dict[date, str] = {}
    with warnings.catch_warnings():
        # python-holidays warns outside the years it computes lunar festivals for
        # (2001-2035 for India); fixed-date holidays are still returned.
        warnings.simplefilter("ignore")
        if settings.exchange is not None:
            market = holidays.financial_holidays(EXCHANGE_CALENDARS[settings.exchange], years=year)
            names.update(market.items())
        country = holidays.country_holidays(
            settings.country, subdiv=settings.subdivision, years=year
        )
        names.update(country.items())
    for removed in settings.removed_holidays:
        names.pop(removed, None)
    return names


def _own_holidays(settings: CalendarSettings, year: int) -> dict[date, str]:
    names: dict[date, str] = {}
    if settings.second_fourth_saturdays_off:
        for month in range(1, 13):
            first = date(year, month, 1)
            first_saturday = first + timedelta(days=(5 - first.weekday()) % 7)
            names[first_saturday + timedelta(days=7)] = "Second Saturday"
            names[first_saturday + timedelta(days=21)] = "Fourth Saturday"
    for key, name in settings.yearly_holidays.items():
        month, day = int(key[:2]), int(key[3:])
        if month == 2 and day == 29 and not _is_leap(year):
            continue
        names[date(year, month, day)] = name
    names.update((d, n) for d, n in settings.added_holidays.items() if d.year == year)
    return names


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@lru_cache(maxsize=4096)
def _holidays_for_year(keyed: _ByFingerprint, year: int) -> Mapping[date, str]:
    names = _library_holidays(keyed.settings, year)
    names.update(_own_holidays(keyed.settings, year))
    return MappingProxyType(dict(sorted(names.items())))


class BusinessCalendar:
    """Business days and hours for one account, optionally with other weekly days off."""

    __slots__ = ("_key", "days_off", "settings", "zone")

    def __init__(
        self,
        settings: CalendarSettings,
        days_off: frozenset[int] | None = None,
        zone: ZoneInfo | None = None,
    ) -> None:
        self.settings = settings
        self.days_off = settings.days_off_numbers if days_off is None else days_off
        self.zone: ZoneInfo = zone or settings.zone
        self._key = _ByFingerprint(settings)

    def with_days_off(self, days_off: frozenset[int]) -> BusinessCalendar:
        """The same holidays and hours with other weekly days off (a request's override)."""
        return BusinessCalendar(self.settings, days_off, self.zone)

    def with_zone(self, zone: ZoneInfo) -> BusinessCalendar:
        """The same calendar read in another zone (the account's, when settings name none)."""
        return BusinessCalendar(self.settings, self.days_off, zone)

    def holidays_in(self, year: int) -> Mapping[date, str]:
        """Every holiday of a year, date -> name (cached per settings and year)."""
        return _holidays_for_year(self._key, year)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name on that day, or None."""
        return self.holidays_in(day.year).get(day)

    def is_day_off(self, day: date) -> bool:
        """True when the day is one of the weekly days off."""
        return day.weekday() in self.days_off

    def is_business_day(self, day: date) -> bool:
        """Neither a weekly day off nor a holiday."""
        return not self.is_day_off(day) and day not in self.holidays_in(day.year)

    def business_days_from(self, start: date) -> Iterator[date]:
        """Business days on or after start, in order (at most MAX_SEARCH_DAYS looked at)."""
        day, year = start, start.year
        holidays_of_year = self.holidays_in(year)
        off, one = self.days_off, timedelta(days=1)
        for _ in range(MAX_SEARCH_DAYS):
            if day.year != year:
                year = day.year
                holidays_of_year = self.holidays_in(year)
            if day.weekday() not in off and day not in holidays_of_year:
                yield day
            day += one

    def next_business_day(self, day: date, *, inclusive: bool = False) -> date:
        """The first business day after `day` (or on it when inclusive)."""
        start = day if inclusive else day + timedelta(days=1)
        for found in self.business_days_from(start):
            return found
        raise NoBusinessDayError(f"no business day within {MAX_SEARCH_DAYS} days of {day}")

    def nth_business_day_after(self, day: date, n: int) -> date:
        """The n-th business day after `day` (n >= 1); n = 0 gives `day` itself (cached)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return day
        return _nth_after(self._key, self.days_off, day, n)

    def business_days_between(self, start: date, end: date) -> int:
        """Signed count of business days d with start < d <= end (negative when end < start).

        Consistent with nth_business_day_after: between(d, nth_business_day_after(d, n)) == n.
        """
        if end < start:
            return -self.business_days_between(end, start)
        count = 0
        day, year = start + timedelta(days=1), None
        holidays_of_year: Mapping[date, str] = {}
        off, one = self.days_off, timedelta(days=1)
        while day <= end:
            if day.year != year:
                year = day.year
                holidays_of_year = self.holidays_in(year)
            if day.weekday() not in off and day not in holidays_of_year:
                count += 1
            day += one
        return count

    def hours_on(self, day: date, window: TimeWindow) -> TimeWindow | None:
        """The window on that day, cut short on a half day; None when nothing is left."""
        closing = self.settings.half_days.get(day)
        if closing is None or closing >= window.end:
            return window
        if closing <= window.start:
            return None
        return TimeWindow(start=window.start, end=closing)


@lru_cache(maxsize=8192)
def _nth_after(keyed: _ByFingerprint, days_off: frozenset[int], day: date, n: int) -> date:
    """nth_business_day_after, cached: every call of a day asks the same (today, N)."""
    calendar = BusinessCalendar(keyed.settings, days_off)
    for index, found in enumerate(calendar.business_days_from(day + timedelta(days=1)), 1):
        if index == n:
            return found
    raise FewerBusinessDaysError(
        f"fewer than {n} business days within {MAX_SEARCH_DAYS} days of {day}"
    )


@lru_cache(maxsize=1024)
def _calendar_for(keyed: _ByFingerprint) -> BusinessCalendar:
    return BusinessCalendar(keyed.settings)


def calendar_for(
    settings: CalendarSettings, account_zone: ZoneInfo | None = None
) -> BusinessCalendar:
    """The (cached) BusinessCalendar of a settings value.

    The zone is the settings' own `timezone` when set, else `account_zone`, else the default.
    """
    calendar = _calendar_for(_ByFingerprint(settings))
    if settings.timezone is None and account_zone is not None and account_zone != calendar.zone:
        return calendar.with_zone(account_zone)
    return calendar
