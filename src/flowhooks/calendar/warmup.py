"""Load the calendar's slow parts once at process start, not on a caller's first request.

dateparser loads its English and Hindi language data on first use (a few hundred ms) and
python-holidays builds a year's holidays on first use; a caller waiting in silence should
not pay for either. Runs as a warm-up in every `serve` process (with or without the
embedded worker) and in `worker` (the dispatcher reads calendars too).
"""

from __future__ import annotations

import asyncio

from flowhooks.calendar.business import calendar_for
from flowhooks.calendar.parsing import warm_up
from flowhooks.calendar.settings import CalendarSettings
from flowhooks.runtime import Runtime, settle_heap


class CalendarWarmUp:
    """A one-shot service: warm the parsers and this year's default holidays, then end."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.done = False

    async def run(self, stop: asyncio.Event) -> None:
        # Synchronous on purpose: dateparser's lazy loading is not meant to race a request.
        warm_up()
        calendar = calendar_for(CalendarSettings())
        year = self.runtime.now().year
        calendar.holidays_in(year)
        calendar.holidays_in(year + 1)
        self.done = True
        settle_heap()


def install_calendar_warmup(runtime: Runtime) -> None:
    """Add the warm-up to the runtime's warm-ups (once)."""
    if runtime.calendar_warmup is None:
        runtime.calendar_warmup = CalendarWarmUp(runtime)
        runtime.warmups.append(runtime.calendar_warmup)
