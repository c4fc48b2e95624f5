"""Dates in what a caller said, read by the calendar area's parser (one parser for both).

`flowhooks.calendar.parsing.find_date_in_text` understands "tomorrow", "कल", "parso",
"8 december ko"; it is imported when first needed so this area works (without dates) in a
build where the calendar module is absent.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class _DateFinder(Protocol):
    def __call__(self, text: str, *, now: datetime, tz: ZoneInfo) -> date | None: ...


def date_finder() -> _DateFinder | None:
    """The calendar's date finder, or None when the calendar module is not installed."""
    try:
        module = importlib.import_module("flowhooks.calendar.parsing")
    except ModuleNotFoundError as exc:
        if exc.name not in ("flowhooks.calendar", "flowhooks.calendar.parsing"):
            raise
        return None
    finder: _DateFinder | None = getattr(module, "find_date_in_text", None)
    return finder


def find_date(text: str, *, now: datetime, tz: ZoneInfo) -> str | None:
    """The first date in `text` as ISO `YYYY-MM-DD`, or None."""
    finder = date_finder()
    if finder is None:
        return None
    found = finder(text, now=now, tz=tz)
    return found.isoformat() if found is not None else None
