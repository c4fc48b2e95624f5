"""Entities of an utterance, under the names flows receive as `$flow.key.entity_<name>`.

date (ISO date), time (HH:MM), number, amount (a number said with a currency: ₹, Rs, INR,
rupees, रुपये...), yesNo (yes|no), phone (E.164) and digits (a digit string, as said).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flowhooks.language.nlu.entities.dates import find_date
from flowhooks.language.nlu.entities.numbers import (
    NumberSpan,
    _key,
    ascii_digits,
    find_numbers,
    format_number,
    tokenize,
)
from flowhooks.language.nlu.entities.phones import find_phone
from flowhooks.language.nlu.entities.times import find_time_span
from flowhooks.language.nlu.entities.yes_no import find_yes_no

ENTITY_NAMES = ("date", "time", "number", "amount", "yesNo", "phone", "digits")
_CURRENCY = frozenset(
    _key(w)
    for w in [
        "₹",
        "rs",
        "inr",
        "rupees",
        "rupee",
        "rupaye",
        "rupaiye",
        "rupay",
        "rupya",
        "rupiya",
        "रुपये",
        "रुपए",
        "रुपया",
        "रुपयों",
        "रु",
    ]
)


def extract_entities(text: str, *, now: datetime, tz: ZoneInfo) -> dict[str, str]:
    """Every entity found in `text`, by entity name; absent entities are left out."""
    tokens = tokenize(text)
    numbers = find_numbers(tokens)
    time = find_time_span(tokens, numbers)
    spans = [  # the hour of "6 baje" is a time, not also a number
        span for span in numbers if time is None or span.end <= time.start or span.start >= time.end
    ]
    found: dict[str, str | None] = {
        "date": find_date(text, now=now, tz=tz),
        "time": time.value if time else None,
        "yesNo": find_yes_no(tokens),
    }
    quantities = [span for span in spans if span.digits is None or len(span.digits) <= 3]
    if spans:
        found["number"] = format_number((quantities or spans)[0].value)
    found["amount"] = _amount(tokens, spans)
    runs = [run for run in (_digits_of(tokens, span) for span in spans) if run]
    if runs:
        found["digits"] = max(runs, key=len)
    found["phone"] = find_phone(text, runs)
    return {name: value for name, value in found.items() if value}


def _amount(tokens: list[str], spans: list[NumberSpan]) -> str | None:
    """The first number with a currency word right before or right after it."""
    for span in spans:
        before = _key(tokens[span.start - 1]) if span.start > 0 else ""
        after = _key(tokens[span.end]) if span.end < len(tokens) else ""
        if before in _CURRENCY or after in _CURRENCY:
            return format_number(span.value)
    return None


def _digits_of(tokens: list[str], span: NumberSpan) -> str | None:
    """The digit string of a span: as spoken digit by digit, or a written whole number."""
    if span.digits is not None:
        return span.digits
    if span.end - span.start == 1 and tokens[span.start].isdigit():
        return ascii_digits(tokens[span.start])
    return None


__all__ = ["ENTITY_NAMES", "extract_entities"]
