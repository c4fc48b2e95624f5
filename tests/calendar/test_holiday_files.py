"""Reading holiday lists from CSV and iCalendar files."""

from __future__ import annotations

from datetime import date

import pytest

from flowhooks.calendar.holiday_files import (
    HolidayFileError,
    parse_csv,
    parse_holiday_file,
    parse_ics,
)

ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:1\r
DTSTART;VALUE=DATE:20261109\r
DTEND;VALUE=DATE:20261111\r
SUMMARY:Diwali break\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2\r
DTSTART;VALUE=DATE:20261225\r
SUMMARY:Christmas\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_csv_with_header_and_both_date_forms() -> None:
    """A header row is skipped; ISO and day-first dates are read."""
    text = "date,name\n2026-11-09,Diwali\n25-12-2026,Christmas\n\n# comment\n"
    assert parse_csv(text) == [(date(2026, 11, 9), "Diwali"), (date(2026, 12, 25), "Christmas")]


def test_csv_errors_name_every_line() -> None:
    """Each bad line is reported with its number."""
    with pytest.raises(HolidayFileError) as info:
        parse_csv("2026-11-09,Diwali\n2026-02-30,Bad\nonly-one-cell\n")
    message = str(info.value)
    assert "line 2" in message
    assert "'2026-02-30'" in message
    assert "line 3" in message


def test_ics_all_day_events_expand_per_day() -> None:
    """A two-day all-day event gives two rows; a one-day event one."""
    assert parse_ics(ICS) == [
        (date(2026, 11, 9), "Diwali break"),
        (date(2026, 11, 10), "Diwali break"),
        (date(2026, 12, 25), "Christmas"),
    ]


def test_ics_timed_event_is_refused() -> None:
    """A holiday must be an all-day event; the event is named in the error."""
    data = ICS.replace(b"DTSTART;VALUE=DATE:20261225", b"DTSTART:20261225T090000Z")
    with pytest.raises(HolidayFileError, match=r"event 2 \(Christmas\).*all-day"):
        parse_ics(data)


def test_ics_garbage_is_refused() -> None:
    """Bytes that are not iCalendar give a clear error."""
    with pytest.raises(HolidayFileError, match="iCalendar"):
        parse_ics(b"hello")


def test_pick_reader_by_extension() -> None:
    """.ics files go to the iCalendar reader, others to CSV (BOM tolerated)."""
    assert len(parse_holiday_file("bank.ICS", ICS)) == 3
    assert parse_holiday_file("list.csv", "\ufeff2026-01-26,Republic Day\n".encode()) == [
        (date(2026, 1, 26), "Republic Day")
    ]
    with pytest.raises(HolidayFileError, match="UTF-8"):
        parse_holiday_file("list.csv", b"\xff\xfe\x00")
