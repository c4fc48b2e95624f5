"""The window of days and hours a request may land in, and the first free slot in it.

Shared by validation (corrections) and by anything that must offer "the next slot we
can honour". A slot is never in the past: on today it starts at the next quarter hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flowhooks.calendar.business import MAX_SEARCH_DAYS, BusinessCalendar, NoBusinessDayError
from flowhooks.calendar.settings import TimeWindow

QUARTER = timedelta(minutes=15)


def next_quarter_hour(moment: datetime) -> datetime:
    """`moment` rounded up to a quarter hour (unchanged when already on one)."""
    floor = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    return floor if floor == moment else floor + QUARTER


@dataclass(frozen=True, slots=True)
class SlotWindow:
    """Business days first_day..last_day (None = open-ended), each with `hours`."""

    calendar: BusinessCalendar
    hours: TimeWindow
    now: datetime
    first_day: date
    last_day: date | None

    @property
    def today(self) -> date:
        """Today in the account zone."""
        return self.now.date()

    def hours_on(self, day: date) -> TimeWindow | None:
        """The day's hours (shortened on a half day), None when closed all window long."""
        return self.calendar.hours_on(day, self.hours)

    def slot_on(self, day: date, preferred: time | None) -> datetime | None:
        """The earliest moment on `day` at or after `preferred` (or the start), not past."""
        if not self.calendar.is_business_day(day):
            return None
        hours = self.hours_on(day)
        if hours is None:
            return None
        start = preferred if preferred is not None and hours.contains(preferred) else hours.start
        candidate = datetime.combine(day, start, tzinfo=self.now.tzinfo)
        if day == self.today:
            candidate = max(candidate, next_quarter_hour(self.now))
        if candidate.date() != day or candidate.time() >= hours.end:
            return None
        return candidate

    def first_slot(self, from_day: date, preferred: time | None = None) -> datetime:
        """The first slot on a business day on or after from_day inside the window.

        When the window holds no slot from there on, the first slot of the window; when
        the whole window is full (a half day can close it), the first slot after it.
        """
        for start, limit in (
            (max(from_day, self.first_day), self.last_day),
            (self.first_day, self.last_day),
            (self.first_day, None),
        ):
            found = self._search(start, limit, preferred)
            if found is not None:
                return found
        raise NoBusinessDayError(f"no open slot within {MAX_SEARCH_DAYS} days of {from_day}")

    def _search(self, start: date, limit: date | None, preferred: time | None) -> datetime | None:
        day = start
        for _ in range(MAX_SEARCH_DAYS):
            if limit is not None and day > limit:
                return None
            slot = self.slot_on(day, preferred)
            if slot is not None:
                return slot
            day += timedelta(days=1)
        return None
