"""Parsing the dates callers say and flows send."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from flowhooks.calendar.parsing import ParsedDate, find_date_in_text, parse_date_input

IST = ZoneInfo("Asia/Kolkata")
NOW = datetime(2019, 11, 4, 10, 0, tzinfo=IST)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-12-09", ParsedDate(date(2019, 12, 9))),
        ("2019-12-09T09:00:00+05:30", ParsedDate(date(2019, 12, 9), time(9))),
        ("2019-12-09T03:30:00Z", ParsedDate(date(2019, 12, 9), time(9))),
        ("2019-12-08T20:00:00+00:00", ParsedDate(date(2019, 12, 9), time(1, 30))),
        ("2019-12-09 14:00", ParsedDate(date(2019, 12, 9), time(14))),
        ("9-12-2019", ParsedDate(date(2019, 12, 9))),
        ("09/12/2019", ParsedDate(date(2019, 12, 9))),
        ("3/4/2020", ParsedDate(date(2020, 4, 3))),
        ("9/12/2019 3:30 pm", ParsedDate(date(2019, 12, 9), time(15, 30))),
        ("4 November 2019", ParsedDate(date(2019, 11, 4))),
        ("tomorrow", ParsedDate(date(2019, 11, 5))),
        ("next Monday", ParsedDate(date(2019, 11, 11))),
        ("tomorrow at 5pm", ParsedDate(date(2019, 11, 5), time(17))),
        ("कल", ParsedDate(date(2019, 11, 5))),
        ("परसों", ParsedDate(date(2019, 11, 6))),
        ("8 दिसंबर", ParsedDate(date(2019, 12, 8))),
        ("सोमवार", ParsedDate(date(2019, 11, 11))),
        ("aaj", ParsedDate(date(2019, 11, 4))),
        ("kal", ParsedDate(date(2019, 11, 5))),
        ("Kal", ParsedDate(date(2019, 11, 5))),
        ("parso", ParsedDate(date(2019, 11, 6))),
        ("narso", ParsedDate(date(2019, 11, 7))),
        ("8 december ko", ParsedDate(date(2019, 12, 8))),
        ("somvar", ParsedDate(date(2019, 11, 11))),
        ("agle shukravar", ParsedDate(date(2019, 11, 8))),
        ("Friday", ParsedDate(date(2019, 11, 8))),
        ("kal subah 10 baje", ParsedDate(date(2019, 11, 5), time(10))),
        ("parso 5 baje", ParsedDate(date(2019, 11, 6), time(17))),
        ("aaj shaam 6:30", ParsedDate(date(2019, 11, 4), time(18, 30))),
        ("kal 10am", ParsedDate(date(2019, 11, 5), time(10))),
        ("कल सुबह 10 बजे", ParsedDate(date(2019, 11, 5), time(10))),
        ("29 feb", ParsedDate(date(2020, 2, 29))),
        ("4 november", ParsedDate(date(2019, 11, 4))),
        ("3rd of November", ParsedDate(date(2020, 11, 3))),
        ("December 8th, 2019", ParsedDate(date(2019, 12, 8))),
        ("8 Dec.", ParsedDate(date(2019, 12, 8))),
        ("15 august ko", ParsedDate(date(2020, 8, 15))),
    ],
)
def test_parses(text: str, expected: ParsedDate) -> None:
    """Each accepted form gives the expected day and time in the account zone."""
    assert parse_date_input(text, now=NOW, tz=IST) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "gibberish", "31-02-2019", "2019-13-01", "x" * 500, "13/13/2019 25:00"]
)
def test_unreadable_is_none(text: str) -> None:
    """Input that is not a date gives None, never an exception."""
    assert parse_date_input(text, now=NOW, tz=IST) is None


def test_has_time_flag() -> None:
    """has_time says whether the input named a time of day."""
    assert not ParsedDate(date(2019, 1, 1)).has_time
    assert ParsedDate(date(2019, 1, 1), time(9)).has_time


def test_naive_now_is_refused() -> None:
    """The injected clock must be aware."""
    with pytest.raises(ValueError, match="aware"):
        parse_date_input("kal", now=datetime(2019, 1, 1), tz=IST)
    with pytest.raises(ValueError, match="aware"):
        find_date_in_text("kal", now=datetime(2019, 1, 1), tz=IST)


def test_year_end_rolls_forward() -> None:
    """A day-month said late in December means next year's date."""
    now = datetime(2019, 12, 31, 18, 0, tzinfo=IST)
    assert parse_date_input("2 january", now=now, tz=IST) == ParsedDate(date(2020, 1, 2))
    assert parse_date_input("kal", now=now, tz=IST) == ParsedDate(date(2020, 1, 1))


def test_other_account_zone() -> None:
    """An offset-less date-time is read in the account's zone, not India's."""
    new_york = ZoneInfo("America/New_York")
    parsed = parse_date_input(
        "2019-12-09T12:00:00Z", now=datetime(2019, 12, 1, tzinfo=UTC), tz=new_york
    )
    assert parsed == ParsedDate(date(2019, 12, 9), time(7))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("kal subah call karna", date(2019, 11, 5)),
        ("call me on 8 december please", date(2019, 12, 8)),
        ("mujhe parso call karo", date(2019, 11, 6)),
        ("meeting on 2019-12-10 ok", date(2019, 12, 10)),
        ("pay by 15/11/2019 latest", date(2019, 11, 15)),
        ("Call on Friday", date(2019, 11, 8)),
        ("day after tomorrow works", date(2019, 11, 6)),
        ("in 3 days", date(2019, 11, 7)),
        ("december 8th is good", date(2019, 12, 8)),
        ("मुझे कल फोन करना", date(2019, 11, 5)),
        ("somvar ko aana", date(2019, 11, 11)),
        ("call me at 5", None),
        ("sat at home", None),
        ("I want to close my account", None),
    ],
)
def test_find_date_in_text(sentence: str, expected: date | None) -> None:
    """The first date mentioned in a sentence is found; sentences without one give None."""
    assert find_date_in_text(sentence, now=NOW, tz=IST) == expected
