"""The contract's output formats: dates, clock times, windows, weekdays and booleans."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from flowhooks.calendar.formatting import (
    format_bool,
    format_clock,
    format_output_date,
    format_sms_date,
    format_weekday,
    format_window,
)

IST = ZoneInfo("Asia/Kolkata")


def test_contract_formats() -> None:
    """Outputs have exactly the contract's shapes."""
    moment = datetime(2019, 12, 9, 9, 0, 0, 123, tzinfo=IST)
    assert format_output_date(moment) == "2019-12-09T09:00:00+05:30"
    assert format_sms_date(date(2019, 12, 9)) == "9-12-2019"
    assert format_window(time(9), time(18)) == "09:00 AM to 06:00 PM"
    assert format_window(time(8), time(20)) == "08:00 AM to 08:00 PM"
    assert format_clock(time(12, 30)) == "12:30 PM"
    assert format_clock(time(0, 5)) == "12:05 AM"
    assert format_weekday(date(2019, 12, 9)) == "Monday"
    assert (format_bool(True), format_bool(False)) == ("true", "false")


def test_naive_output_date_is_refused() -> None:
    """Output dates always carry an offset."""
    with pytest.raises(ValueError, match="aware"):
        format_output_date(datetime(2019, 12, 9, 9))
