"""The spoken-date reader: one test per form, at Monday 2025-09-29 10:00 IST."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flowhooks.calendar.parsing import find_date_in_text, parse_date_input
from flowhooks.calendar.spoken import next_day_of_month
from flowhooks.language import evaluation as ev
from flowhooks.language.nlu.entities import extract_entities

IST = ZoneInfo("Asia/Kolkata")
NOW = datetime(2025, 9, 29, 10, 0, tzinfo=IST)  # a Monday
EVAL = Path(__file__).resolve().parents[2] / "eval"


def read(text: str) -> date | None:
    parsed = parse_date_input(text, now=NOW, tz=IST)
    return parsed.day if parsed is not None else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chaar din baad", date(2025, 10, 3)),
        ("teen din mein", date(2025, 10, 2)),
        ("do din ke baad", date(2025, 10, 1)),
        ("चार दिन बाद", date(2025, 10, 3)),
        ("5 days later", date(2025, 10, 4)),
        ("in 3 days", date(2025, 10, 2)),
        ("10 days from now", date(2025, 10, 9)),
    ],
)
def test_a_count_of_days_counts_from_today(text: str, expected: date) -> None:
    """N days before baad/mein/later, or after in/after, is today + N."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do hafte baad", date(2025, 10, 13)),
        ("एक हफ्ते बाद", date(2025, 10, 6)),
        ("after two weeks", date(2025, 10, 13)),
    ],
)
def test_a_count_of_weeks_is_seven_days_each(text: str, expected: date) -> None:
    """N weeks (hafte, हफ्ते, weeks) from today is today + 7N."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agle hafte somvar", date(2025, 10, 6)),
        ("agle hafte shukravar", date(2025, 10, 10)),
        ("अगले हफ्ते रविवार", date(2025, 10, 12)),
        ("next week friday", date(2025, 10, 10)),
        ("agle hafte", date(2025, 10, 6)),
    ],
)
def test_next_week_is_the_next_monday_to_sunday_week(text: str, expected: date) -> None:
    """ "agle hafte" + weekday is that day of next week; alone it is seven days on."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is guruvar", date(2025, 10, 2)),
        ("इस गुरुवार", date(2025, 10, 2)),
        ("is somvar", date(2025, 9, 29)),
        ("this friday", date(2025, 10, 3)),
    ],
)
def test_this_weekday_is_the_coming_one_today_included(text: str, expected: date) -> None:
    """ "is"/"this" + weekday: the next such day on or after today."""
    assert read(text) == expected


@pytest.mark.parametrize(
    "text", ["guruvar", "guruwar", "guruvaar", "guruwaar", "गुरुवार", "thursday", "brihaspativar"]
)
def test_weekday_spellings_meet(text: str) -> None:
    """Doubled vowels and w for v name the same weekday."""
    assert read(text) == date(2025, 10, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 tarikh", date(2025, 10, 20)),
        ("20 tareekh", date(2025, 10, 20)),
        ("20 tarik", date(2025, 10, 20)),
        ("pachchis tareekh ko", date(2025, 10, 25)),
        ("बीस तारीख को", date(2025, 10, 20)),
        ("30 tarikh", date(2025, 9, 30)),
        ("29 tarikh", date(2025, 9, 29)),
    ],
)
def test_tarikh_names_the_next_such_day_of_the_month(text: str, expected: date) -> None:
    """A number (digits or words) before tarikh is its next occurrence, today included."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20th", date(2025, 10, 20)), ("20 ko", date(2025, 10, 20)), ("31st", date(2025, 10, 31))],
)
def test_a_bare_day_of_the_month_is_its_next_occurrence(text: str, expected: date) -> None:
    """ "20th" said on the 29th is next month's 20th, never a past day."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [("ek", 1), ("teen", 3), ("gyarah", 11), ("bees", 20), ("pachees", 25), ("tees", 30)],
)
def test_number_words_name_the_day(word: str, value: int) -> None:
    """Romanised number words ek … tees count as numbers before tarikh."""
    assert read(f"{word} tarikh") == next_day_of_month(NOW.date(), value)


def test_next_day_of_month_skips_months_without_it() -> None:
    """The 31st after 1 April is 31 May: April has no 31st."""
    assert next_day_of_month(date(2025, 4, 1), 31) == date(2025, 5, 31)
    assert next_day_of_month(date(2025, 4, 1), 32) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("mujhe chaar din baad call karna", date(2025, 10, 3)),
        ("is guruvar ko aana", date(2025, 10, 2)),
        ("20 tarikh ko payment karunga", date(2025, 10, 20)),
        ("ek baar aur bolo", None),
    ],
)
def test_sentences_and_whole_inputs_read_alike(sentence: str, expected: date | None) -> None:
    """The date entity of speechprocessing finds the same day ValidateDateAndTime reads."""
    assert find_date_in_text(sentence, now=NOW, tz=IST) == expected
    entities = extract_entities(sentence, now=NOW, tz=IST)
    assert entities.get("date") == (expected.isoformat() if expected else None)


def test_spoken_dates_meet_the_target() -> None:
    """At least 200 labelled phrases, at least 95% read to the expected day."""
    report = ev.evaluate_dates(EVAL / "dates.tsv")
    assert report.total >= 200
    assert report.accuracy >= ev.TARGET_SPOKEN_DATES, report.errors


def test_english_is_before_a_weekday_is_a_verb() -> None:
    """'is monday ok' said on a Monday means next Monday, as 'monday' alone does."""
    assert find_date_in_text("is monday ok for you", now=NOW, tz=IST) == date(2025, 10, 6)
    assert read("is somvar") == date(2025, 9, 29)
