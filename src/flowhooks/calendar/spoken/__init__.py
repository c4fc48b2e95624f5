"""Spoken dates: the one reader of relative day words, counts, weekdays and "tarikh".

`vocabulary` holds the words (data), `reader` the rules that turn them into dates. Both
ValidateDateAndTime/dateCompare (through parsing.parse_date_input, whole utterances) and
speechprocessing's date entity (through parsing.find_date_in_text, dates inside a
sentence) read with the same rules, so a phrase means the same date everywhere.
"""

from flowhooks.calendar.spoken.reader import (
    TOKEN,
    SpokenDay,
    find_days,
    next_day_of_month,
    next_weekday,
    parse_spoken,
    strip_particles,
)

__all__ = [
    "TOKEN",
    "SpokenDay",
    "find_days",
    "next_day_of_month",
    "next_weekday",
    "parse_spoken",
    "strip_particles",
]
