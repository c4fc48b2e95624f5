"""The rules of spoken dates: which run of words names which day, relative to today.

Each rule reads a short run of words at one position and answers the day it names:

- a day word: "aaj", "kal", "parso", "tomorrow", "day after tomorrow", "परसों";
- a count of days or weeks from today: "chaar din baad", "teen din mein", "2 hafte baad",
  "in 3 days", "after two weeks", "5 days later", "चार दिन बाद";
- "agle hafte" / "next week", with a weekday ("agle hafte somvar": that day of next
  Monday-to-Sunday week) or without (seven days from today);
- "is" / "this" + weekday: the coming one, today included ("is guruvar");
- a weekday, alone or after "agle" / "next": the next one strictly after today;
- a day of the month: "20 tarikh", "pachchis tareekh", "20th", "20 ko" — its NEXT
  occurrence on or after today (a caller on the 29th saying "20th" means next month's).

`parse_spoken` reads a whole utterance (day rules, particles and an optional time of day,
nothing else); `find_days` finds every run inside a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from flowhooks.calendar.spoken.vocabulary import (
    BEFORE_COUNT_WORDS,
    DATE_WORDS,
    DAY_OFFSETS,
    DAY_WORDS,
    LATER_WORDS,
    NEXT_WORDS,
    PARTICLES,
    THIS_WORDS,
    WEEK_WORDS,
    key_of,
    number_of,
    weekday_of,
)
from flowhooks.calendar.weekdays import WEEKDAY_NAMES

TOKEN = re.compile(r"\d{1,2}[:.]\d{2}(?:am|pm)?|[\w'\u0900-\u097F]+", re.UNICODE)
_DAY_DIGITS = re.compile(r"^[0-9]{1,2}$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_MORNING = frozenset({"subah", "savere", "sawere", "morning", "सुबह", "am"})
_AFTERNOON = frozenset({"dopahar", "dopehar", "afternoon", "दोपहर"})
_EVENING = frozenset({"shaam", "sham", "evening", "raat", "night", "शाम", "रात", "pm"})
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
_HOUR_WORDS = frozenset({"baje", "बजे", "o'clock", "oclock"})
MAX_COUNT_DAYS = 3650
_ENGLISH_WEEKDAYS = frozenset(name.lower() for name in WEEKDAY_NAMES)


@dataclass(frozen=True, slots=True)
class SpokenDay:
    """A day named by the words `start` up to (not including) `end`."""

    start: int
    end: int
    day: date


def next_weekday(today: date, weekday: int) -> date:
    """The next such weekday strictly after today (as dateparser reads "Monday")."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def coming_weekday(today: date, weekday: int) -> date:
    """The next such weekday on or after today ("is somvar" said on a Monday is today)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def next_day_of_month(today: date, day: int) -> date | None:
    """The next date on or after today whose day of the month is `day` (None if > 31)."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


class _Words:
    """The words of an utterance with their lookup keys, and the rules reading them."""

    def __init__(self, words: list[str], today: date, *, full_names_only: bool) -> None:
        self.words = [w.lower() for w in words]
        self.keys = [key_of(w) for w in self.words]
        self.today = today
        self.full_names_only = full_names_only

    def key(self, index: int) -> str:
        return self.keys[index] if index < len(self.keys) else ""

    def skip_particles(self, index: int) -> int:
        while index < len(self.keys) and self.keys[index] in PARTICLES:
            index += 1
        return index

    def day_word(self, i: int) -> tuple[int, date] | None:
        if self.words[i : i + 3] == ["day", "after", "tomorrow"]:
            return i + 3, self.today + timedelta(days=2)
        offset = DAY_OFFSETS.get(self.keys[i])
        return None if offset is None else (i + 1, self.today + timedelta(days=offset))

    def count(self, i: int) -> tuple[int, date] | None:
        """ "chaar din baad", "2 hafte mein", "in 3 days", "5 days later / from now"."""
        prefixed = self.keys[i] in BEFORE_COUNT_WORDS
        start = i + 1 if prefixed else i
        amount = number_of(self.words[start]) if start < len(self.words) else None
        unit = self.key(start + 1)
        if amount is None or (unit not in DAY_WORDS and unit not in WEEK_WORDS):
            return None
        days = amount * (7 if unit in WEEK_WORDS else 1)
        end = start + 2
        after = self.skip_particles(end)  # "do din ke baad"
        if self.key(after) in LATER_WORDS:
            end = after + 1
        elif self.words[end : end + 2] == ["from", "now"]:
            end += 2
        elif not prefixed:
            return None
        if days > MAX_COUNT_DAYS:
            return None
        return end, self.today + timedelta(days=days)

    def next_week(self, i: int) -> tuple[int, date] | None:
        """ "agle hafte (somvar)", "next week (friday)"."""
        if self.keys[i] not in NEXT_WORDS or self.key(i + 1) not in WEEK_WORDS:
            return None
        after = self.skip_particles(i + 2)
        weekday = weekday_of(self.words[after]) if after < len(self.words) else None
        if weekday is None:
            return i + 2, self.today + timedelta(days=7)
        monday = self.today - timedelta(days=self.today.weekday()) + timedelta(days=7)
        return after + 1, monday + timedelta(days=weekday)

    def modified_weekday(self, i: int) -> tuple[int, date] | None:
        """ "is guruvar" (coming, today included), "agle somvar" (strictly after today)."""
        key = self.keys[i]
        if key not in THIS_WORDS and key not in NEXT_WORDS:
            return None
        at = i + 1
        while self.key(at) in NEXT_WORDS:  # "aane wale somvar"
            at += 1
        if self.key(at) in WEEK_WORDS and key in THIS_WORDS:  # "is hafte shukravar"
            at = self.skip_particles(at + 1)
        weekday = weekday_of(self.words[at]) if at < len(self.words) else None
        if weekday is None or (key == "is" and self.words[at] in _ENGLISH_WEEKDAYS):
            return None  # "is monday ok?": English "is" is a verb, the weekday reads alone
        if key in THIS_WORDS:
            return at + 1, coming_weekday(self.today, weekday)
        return at + 1, next_weekday(self.today, weekday)

    def weekday(self, i: int) -> tuple[int, date] | None:
        weekday = weekday_of(self.words[i], full_names_only=self.full_names_only)
        return None if weekday is None else (i + 1, next_weekday(self.today, weekday))

    def day_of_month(self, i: int) -> tuple[int, date] | None:
        """ "20 tarikh", "bees tareekh", "20th", "20 ko": the next such day of the month."""
        word = self.words[i]
        ordinal = _ORDINAL.match(word)
        following = self.key(i + 1)
        if following in DATE_WORDS:
            number = int(ordinal.group(1)) if ordinal else number_of(word)
            end = i + 2
        elif ordinal:
            number, end = int(ordinal.group(1)), i + 1
        elif _DAY_DIGITS.match(word) and following == "ko":
            number, end = int(word), i + 1
        else:
            return None
        found = next_day_of_month(self.today, number) if number is not None else None
        return None if found is None else (end, found)

    def read_at(self, i: int) -> tuple[int, date] | None:
        rules: tuple[Callable[[int], tuple[int, date] | None], ...] = (
            self.count,
            self.next_week,
            self.modified_weekday,
            self.day_word,
            self.day_of_month,
            self.weekday,
        )
        for rule in rules:
            if found := rule(i):
                return found
        return None


def find_days(words: list[str], today: date, *, full_names_only: bool = False) -> list[SpokenDay]:
    """Every run of words naming a day, left to right, runs not overlapping."""
    reader = _Words(words, today, full_names_only=full_names_only)
    found: list[SpokenDay] = []
    index = 0
    while index < len(words):
        read = reader.read_at(index)
        if read is None:
            index += 1
            continue
        found.append(SpokenDay(index, read[0], read[1]))
        index = read[0]
    return found


def parse_spoken(text: str, today: date) -> tuple[date, time | None] | None:
    """Read a whole utterance made only of one spoken day, particles and an optional time.

    "kal", "parso ko", "agle hafte somvar", "chaar din baad", "20 tarikh ko",
    "kal subah 10 baje". Returns None when any other word is present (the month-date
    reader and dateparser get those).
    """
    words = [w.lower() for w in TOKEN.findall(text)]
    days = find_days(words, today)
    if len(days) != 1:
        return None
    spoken = days[0]
    rest = words[: spoken.start] + words[spoken.end :]
    clock = _time_of(rest)
    if isinstance(clock, bool):
        return None
    return spoken.day, clock


def _time_of(words: list[str]) -> time | bool | None:
    """The time of day the words left beside a day give; False when a word is not one."""
    hour: int | None = None
    minute = 0
    part: str | None = None
    for index, word in enumerate(words):
        if key_of(word) in PARTICLES or key_of(word) in NEXT_WORDS or word in _HOUR_WORDS:
            continue
        if word in _MORNING or word in _AFTERNOON or word in _EVENING:
            part = word
        elif (match := _CLOCK.match(word)) and _is_clock(match, words, index):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            part = match.group(3) or part
        else:
            return False
    if hour is None:
        return None
    resolved = _clock(hour, minute, part)
    return False if resolved is None else resolved


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
    while words and key_of(words[-1]) in PARTICLES:
        words.pop()
    return " ".join(words)
