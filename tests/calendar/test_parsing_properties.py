"""Hypothesis properties of parsing: any text is answered, never an exception."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.calendar.parsing import ParsedDate, find_date_in_text, parse_date_input

IST = ZoneInfo("Asia/Kolkata")
nows = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(IST)
)
words = st.sampled_from(
    ["kal", "parso", "aaj", "ko", "8", "december", "baje", "subah", "5", "दिसंबर", "कल", "next",
     "somvar", "tomorrow", "at", "pm", "10:30", "31", "feb", "2024", "-", "/", "of", "2nd"]
)  # fmt: skip
utterances = st.lists(words, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=60), utterances), now=nows)
def test_parse_never_raises(text: str, now: datetime) -> None:
    """parse_date_input answers a ParsedDate or None for any text."""
    result = parse_date_input(text, now=now, tz=IST)
    assert result is None or isinstance(result, ParsedDate)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=80), utterances), now=nows)
def test_find_never_raises(text: str, now: datetime) -> None:
    """find_date_in_text answers a date or None for any text."""
    result = find_date_in_text(text, now=now, tz=IST)
    assert result is None or isinstance(result, date)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(date(1900, 1, 1), date(2200, 12, 31)), now=nows)
def test_numeric_forms_round_trip(day: date, now: datetime) -> None:
    """ISO, D-M-YYYY and DD/MM/YYYY of any date read back as that date."""
    for text in (day.isoformat(), f"{day.day}-{day.month}-{day.year}", day.strftime("%d/%m/%Y")):
        if day.year < 1000:
            continue
        assert parse_date_input(text, now=now, tz=IST) == ParsedDate(day)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(date(2000, 1, 1), date(2090, 12, 31)), now=nows)
def test_month_name_with_year_round_trips(day: date, now: datetime) -> None:
    """'4 November 2019' forms read back as that date whatever today is."""
    text = day.strftime("%d %B %Y")
    assert parse_date_input(text, now=now, tz=IST) == ParsedDate(day)
