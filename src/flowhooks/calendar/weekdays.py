"""Weekday names as flows and settings write them ("sat,Sunday,MON") turned into numbers.

Flows send days off as free text; one parser keeps the accepted spellings (English full
names, 3- and 4-letter forms, romanised Hindi) identical for requests and account settings.
Weekdays are numbered like `date.weekday()`: Monday = 0 ... Sunday = 6.
"""

from __future__ import annotations

from collections.abc import Iterable

WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

_ALIASES: dict[str, int] = {
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "weds": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "mon": 0,
    # romanised Hindi, as callers and Indian flow authors write them
    "somvar": 0,
    "somwar": 0,
    "mangalvar": 1,
    "mangalwar": 1,
    "budhvar": 2,
    "budhwar": 2,
    "guruvar": 3,
    "guruwar": 3,
    "brihaspativar": 3,
    "brihaspatiwar": 3,
    "shukravar": 4,
    "shukrawar": 4,
    "shanivar": 5,
    "shaniwar": 5,
    "ravivar": 6,
    "raviwar": 6,
    "itvar": 6,
    "itwar": 6,
}
_LOOKUP: dict[str, int] = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)} | _ALIASES


def weekday_number(name: str) -> int | None:
    """Return 0..6 for a weekday name in any accepted spelling and case, else None."""
    return _LOOKUP.get(name.strip().lower().rstrip("."))


def parse_weekdays(text: str) -> frozenset[int]:
    """Parse a comma (or semicolon / space) separated weekday list; blank means none.

    Raises ValueError naming the first unknown name.
    """
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    return weekdays_from_names(parts)


def weekdays_from_names(names: Iterable[str]) -> frozenset[int]:
    """Turn weekday names into numbers; raises ValueError naming the first unknown one."""
    days: set[int] = set()
    for name in names:
        number = weekday_number(name)
        if number is None:
            raise ValueError(
                f"unknown weekday name {name.strip()!r} (use Monday..Sunday or Mon..Sun)"
            )
        days.add(number)
    return frozenset(days)


def weekday_names(days: Iterable[int]) -> list[str]:
    """Canonical English names of weekday numbers, Monday first."""
    return [WEEKDAY_NAMES[d] for d in sorted(set(days))]
