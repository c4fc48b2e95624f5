"""Times of day in what a caller said: "5 pm", "5:30", "shaam 6 baje", "साढ़े पाँच बजे".

The answer is 24-hour `HH:MM`. A day part (morning/subah/सुबह, afternoon/dopahar,
evening/shaam/शाम, night/raat/रात) or am/pm decides the half of the day. Without one, an
hour from 1 to 7 is read as afternoon/evening (13:00-19:00) and 8 to 11 as morning: on a
callback line "5 baje" means 5 in the evening, not 5 at dawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flowhooks.language.nlu.entities.numbers import NumberSpan, _key, find_numbers

_MARKERS = frozenset(_key(w) for w in ["baje", "bje", "bajay", "bajkar", "बजे", "oclock", "clock"])
_AM = frozenset(_key(w) for w in ["am", "morning", "subah", "subha", "सुबह", "सवेरे", "savere"])
_PM = frozenset(
    _key(w)
    for w in [
        "pm",
        "afternoon",
        "evening",
        "night",
        "tonight",
        "dopahar",
        "dopehar",
        "shaam",
        "sham",
        "raat",
        "rat",
        "दोपहर",
        "शाम",
        "रात",
    ]
)
_NIGHT = frozenset(_key(w) for w in ["night", "tonight", "raat", "rat", "रात"])
_QUARTERS = (Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))
_CLOCK_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A time of day found in the tokens, and the tokens that said it."""

    value: str  # HH:MM
    start: int
    end: int  # exclusive


def find_time_span(tokens: list[str], numbers: list[NumberSpan] | None = None) -> TimeSpan | None:
    """The first time of day in `tokens` with its token range, or None.

    `numbers` is `find_numbers(tokens)` when the caller has it already (it is the costly part).
    """
    keys = [_key(t) for t in tokens]
    half = _half_of_day(tokens, keys)
    for index, token in enumerate(tokens):
        clock = _CLOCK_RE.match(token)
        if clock and (":" in token or _marked(keys, index + 1)):
            hour, minute = int(clock.group(1)), int(clock.group(2))
            if hour < 24 and minute < 60:
                value = _format(hour, minute, half if hour <= 12 else None)
                return TimeSpan(value, index, index + 1)
    for span in find_numbers(tokens) if numbers is None else numbers:
        if span.digits is not None or not _marked(keys, span.end):
            continue
        whole, fraction = divmod(span.value, 1)
        if 0 <= whole < 24 and fraction in _QUARTERS:
            spoken_hour = int(whole)
            minute = int(fraction * 60)
            value = _format(spoken_hour, minute, half if spoken_hour <= 12 else None)
            return TimeSpan(value, span.start, span.end)
    return None


def _marked(keys: list[str], index: int) -> bool:
    """True when a time marker (baje, o'clock, am, pm) is at index (or "o clock" starts there)."""
    if index >= len(keys):
        return False
    key = keys[index]
    if key in _MARKERS or key in ("am", "pm"):
        return True
    return key in ("a", "p", "o") and index + 1 < len(keys) and keys[index + 1] in ("m", "clock")


def _half_of_day(tokens: list[str], keys: list[str]) -> str | None:
    for index, key in enumerate(keys):
        follower = keys[index + 1] if index + 1 < len(keys) else ""
        if key in ("a", "p") and follower == "m":
            return "am" if key == "a" else "pm"
        if key in _NIGHT:
            return "night"
        if key in _PM:
            return "pm"
        if key in _AM:
            return "am"
    return None


def _format(hour: int, minute: int, half: str | None) -> str:
    if half == "am":
        hour = 0 if hour == 12 else hour
    elif half == "pm":
        hour = hour if hour == 12 else hour + 12
    elif half == "night":
        hour = 0 if hour == 12 else (hour + 12 if hour >= 5 else hour)
    elif 1 <= hour <= 7:
        hour += 12
    return f"{hour % 24:02d}:{minute:02d}"
