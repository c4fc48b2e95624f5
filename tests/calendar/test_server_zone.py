"""The answer never depends on the server's own time zone (TZ) or clock."""

from __future__ import annotations

import os
import time as time_module
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.parsing import find_date_in_text, parse_date_input
from flowhooks.calendar.settings import CalendarSettings
from flowhooks.calendar.validation import ValidationRequest, validate

IST = ZoneInfo("Asia/Kolkata")
SERVER_ZONES = [
    "UTC",
    "America/Los_Angeles",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Kolkata",
]
INPUTS = [
    "aaj",
    "kal",
    "parso",
    "tomorrow",
    "today",
    "next Monday",
    "somvar",
    "8 december ko",
    "कल",
    "परसों",
    "in 3 days",
    "tomorrow at 5pm",
    "2019-12-31T23:30:00Z",
    "31/12/2019",
    "kal subah 10 baje",
    "december",
]
CALENDAR = BusinessCalendar(CalendarSettings())


@pytest.fixture
def restore_tz() -> Iterator[None]:
    """Put the process zone back after the test."""
    saved = os.environ.get("TZ")
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time_module.tzset()


def answers(now: datetime) -> list[object]:
    """Everything the calendar says about INPUTS at `now`."""
    out: list[object] = []
    for text in INPUTS:
        out.append(parse_date_input(text, now=now, tz=IST))
        out.append(find_date_in_text(f"call me {text} please", now=now, tz=IST))
        out.append(validate(ValidationRequest(text), CALENDAR, now))
    return out


@settings(max_examples=8, deadline=None)
@given(
    now=st.datetimes(
        min_value=datetime(2019, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(IST)
    )
)
def test_answers_do_not_depend_on_process_zone(now: datetime) -> None:
    """Parsing and validation give identical answers under every server TZ."""
    saved = os.environ.get("TZ")
    try:
        results = []
        for zone in SERVER_ZONES:
            os.environ["TZ"] = zone
            time_module.tzset()
            results.append(answers(now))
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time_module.tzset()
    assert all(r == results[0] for r in results)


@pytest.mark.usefixtures("restore_tz")
def test_relative_words_follow_the_injected_clock_not_the_real_one() -> None:
    """'tomorrow' is the day after the injected now, even years away from the real date."""
    os.environ["TZ"] = "Pacific/Kiritimati"
    time_module.tzset()
    now = datetime(2031, 3, 10, 23, 50, tzinfo=IST)
    for text in ("tomorrow", "kal", "कल"):
        parsed = parse_date_input(text, now=now, tz=IST)
        assert parsed is not None
        assert parsed.day.isoformat() == "2031-03-11"


def test_a_utc_now_is_read_in_the_account_zone() -> None:
    """now given in UTC late in the evening is already tomorrow in India."""
    now = datetime(2019, 11, 4, 20, 0, tzinfo=ZoneInfo("UTC"))  # 01:30 on 5 Nov in India
    parsed = parse_date_input("aaj", now=now, tz=IST)
    assert parsed is not None
    assert parsed.day.isoformat() == "2019-11-05"
