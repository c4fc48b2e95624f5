"""Spoken day words dateparser does not read (or reads backwards) for Indian callers.

dateparser reads "कल" and "tomorrow" but not romanised Hindi ("aaj", "kal", "parso",
"somvar"), reads "परसों" as the day before yesterday, and fails on trailing particles
("8 december ko"). In scheduling talk these words always point forward: "kal" is
tomorrow, "parso" the day after. This module owns that vocabulary; parsing.py uses it
before falling back to dateparser.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from flowhooks.calendar.weekdays import weekday_number

DAY_OFFSETS: dict[str, int] = {
    "aaj": 0,
    "aj": 0,
    "today": 0,
    "आज": 0,
    "kal": 1,
    "kall": 1,
    "tomorrow": 1,
    "कल": 1,
    "parso": 2,
    "parson": 2,
    "parsoon": 2,
    "parsun": 2,
    "परसों": 2,
    "परसो": 2,
    "narso": 3,
    "narson": 3,
    "नरसों": 3,
}
"""Words naming a day relative to today, in the forward sense."""

PARTICLES: frozenset[str] = frozenset(
    {
        "ko",
        "ka",
        "ki",
        "ke",
        "tak",
        "se",
        "pe",
        "par",
        "ji",
        "please",
        "pls",
        "on",
        "को",
        "तक",
        "से",
        "पर",
        "के",
        "की",
        "का",
    }
)
"""Filler words a spoken date may carry ("8 december ko", "kal tak")."""

NEXT_WORDS: frozenset[str] = frozenset({"agle", "agla", "agli", "next", "अगले", "अगला"})

_HINDI_WEEKDAYS: dict[str, int] = {
    "सोमवार": 0,
    "मंगलवार": 1,
    "बुधवार": 2,
    "गुरुवार": 3,
    "बृहस्पतिवार": 3,
    "शुक्रवार": 4,
    "शनिवार": 5,
    "रविवार": 6,
    "इतवार": 6,
}
_MORNING = frozenset({"subah", "savere", "sawere", "morning", "सुबह", "am"})
_AFTERNOON = frozenset({"dopahar", "dopehar", "afternoon", "दोपहर"})
_EVENING = frozenset({"shaam", "sham", "evening", "raat", "night", "शाम", "रात", "pm"})
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
_HOUR_WORDS = frozenset({"baje", "बजे", "o'clock", "oclock"})
TOKEN = re.compile(r"\d{1,2}[:.]\d{2}(?:am|pm)?|[\w'\u0900-\u097F]+", re.UNICODE)


def spoken_weekday(word: str, *, full_names_only: bool = False) -> int | None:
    """The weekday a spoken word names (English, romanised or Devanagari Hindi)."""
    if word in _HINDI_WEEKDAYS:
        return _HINDI_WEEKDAYS[word]
    if full_names_only and len(word) <= 4:
        return None
    return weekday_number(word)


def next_weekday(today: date, weekday: int) -> date:
    """The next such weekday strictly after today (as dateparser reads "Monday")."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def day_from_word(word: str, today: date, *, full_names_only: bool = False) -> date | None:
    """The date a single spoken day word means, relative to today."""
    if word in DAY_OFFSETS:
        return today + timedelta(days=DAY_OFFSETS[word])
    weekday = spoken_weekday(word, full_names_only=full_names_only)
    return None if weekday is None else next_weekday(today, weekday)


def parse_spoken(text: str, today: date) -> tuple[date, time | None] | None:
    """Read a whole utterance made only of a day word, particles and an optional time.

    "kal", "parso ko", "agle somvar", "kal subah 10 baje", "shukravar shaam 5 baje".
    Returns None when any other word is present (dateparser gets those).
    """
    words = [w.lower() for w in TOKEN.findall(text)]
    day: date | None = None
    hour: int | None = None
    minute = 0
    part: str | None = None
    for index, word in enumerate(words):
        found = day_from_word(word, today)
        if found is not None and day is None:
            day = found
        elif word in PARTICLES or word in NEXT_WORDS or word in _HOUR_WORDS:
            continue
        elif word in _MORNING or word in _AFTERNOON or word in _EVENING:
            part = word
        elif (match := _CLOCK.match(word)) and _is_clock(match, words, index):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            part = match.group(3) or part
        else:
            return None
    if day is None:
        return None
    if hour is None:
        return day, None
    resolved = _clock(hour, minute, part)
    return (day, resolved) if resolved is not None else None


def _is_clock(match: re.Match[str], words: list[str], index: int) -> bool:
    """A number is a time when it has minutes, am/pm, or "baje"/"am"/"pm" after it."""
    if match.group(2) or match.group(3):
        return True
    following = words[index + 1] if index + 1 < len(words) else ""
    return following in _HOUR_WORDS or following in {"am", "pm"}


def _clock(hour: int, minute: int, part: str | None) -> time | None:
    """Resolve "5 baje" with an optional part of day; bare 1-7 means afternoon/evening."""
    if not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    if part in _MORNING:
        hour = 0 if hour == 12 else hour
    elif (part in _AFTERNOON or part in _EVENING or (part is None and 1 <= hour <= 7)) and (
        hour < 12
    ):
        hour += 12
    return time(hour, minute) if hour <= 23 else None


def strip_particles(text: str) -> str:
    """Drop trailing filler words: "8 december ko" -> "8 december"."""
    words = text.split()
    while words and words[-1].lower() in PARTICLES:
        words.pop()
    return " ".join(words)


__all__ = [
    "DAY_OFFSETS",
    "NEXT_WORDS",
    "PARTICLES",
    "TOKEN",
    "day_from_word",
    "next_weekday",
    "parse_spoken",
    "spoken_weekday",
    "strip_particles",
]
