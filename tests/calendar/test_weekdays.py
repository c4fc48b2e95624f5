"""Weekday lists, output formats, settings validation and dateCompare."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.formatting import (
    format_bool,
    format_clock,
    format_output_date,
    format_sms_date,
    format_weekday,
    format_window,
)
from flowhooks.calendar.settings import CalendarSettings
from flowhooks.calendar.validation import CompareResult, compare
from flowhooks.calendar.weekdays import parse_weekdays, weekday_names

IST = ZoneInfo("Asia/Kolkata")


def test_weekday_lists_in_any_case_and_form() -> None:
    """Full names, 3-letter forms and romanised Hindi in any case are read."""
    assert parse_weekdays("sat,Sunday,MON") == frozenset({5, 6, 0})
    assert parse_weekdays(" Thurs ; tue ") == frozenset({3, 1})
    assert parse_weekdays("ravivar") == frozenset({6})
    assert parse_weekdays("") == frozenset()
    assert weekday_names({6, 0}) == ["Monday", "Sunday"]


def test_unknown_weekday_is_named() -> None:
    """An unknown name is quoted in the error."""
    with pytest.raises(ValueError, match="'Funday'"):
        parse_weekdays("Monday,Funday")


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


def test_empty_settings_are_valid_and_round_trip() -> None:
    """`{}` is a valid calendar and its JSON reads back equal."""
    settings = CalendarSettings.model_validate({})
    assert settings.timezone is None
    assert settings.zone == ZoneInfo("Asia/Kolkata")
    assert settings.country == "IN"
    assert settings.days_off == ["Sunday"]
    assert CalendarSettings.model_validate_json(settings.model_dump_json()) == settings


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"country": "ZZ"}, "country"),
        ({"subdivision": "XX"}, "subdivision"),
        ({"exchange": "NYSE"}, "exchange"),
        ({"days_off": ["Funday"]}, "days_off"),
        ({"days_off": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}, "days_off"),
        ({"business_hours": {"start": "18:00", "end": "09:00"}}, "business_hours"),
        ({"callback_hours": {"start": "25:00", "end": "09:00"}}, "callback_hours"),
        ({"half_days": {"2019-02-30": "13:00"}}, "half_days"),
        ({"yearly_holidays": {"13-01": "x"}}, "yearly_holidays"),
        ({"yearly_holidays": {"02-30": "x"}}, "yearly_holidays"),
        ({"added_holidays": {"not a date": "x"}}, "added_holidays"),
        ({"removed_holidays": ["soon"]}, "removed_holidays"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_settings_errors_name_the_field(data: dict[str, object], field: str) -> None:
    """Every invalid setting is reported under its field name."""
    with pytest.raises(ValidationError) as info:
        CalendarSettings.model_validate(data)
    assert info.value.errors()[0]["loc"][0] == field


def test_settings_normalise_codes() -> None:
    """Codes and weekday names are stored in their canonical form."""
    settings = CalendarSettings.model_validate(
        {
            "country": "in",
            "subdivision": "ka",
            "days_off": ["sat", "SUN"],
            "yearly_holidays": {"--05-01": "x"},
        }
    )
    assert (settings.country, settings.subdivision) == ("IN", "KA")
    assert settings.days_off == ["Saturday", "Sunday"]
    assert settings.yearly_holidays == {"05-01": "x"}


def test_fingerprint_changes_with_settings() -> None:
    """Different settings have different cache keys; equal ones the same."""
    assert CalendarSettings().fingerprint == CalendarSettings().fingerprint
    assert CalendarSettings().fingerprint != CalendarSettings(subdivision="MH").fingerprint


@pytest.mark.parametrize(
    ("first", "second", "result", "days", "business"),
    [
        (date(2019, 11, 8), date(2019, 11, 13), CompareResult.BEFORE, 5, 3),
        (date(2019, 11, 13), date(2019, 11, 8), CompareResult.AFTER, -5, -3),
        (date(2019, 11, 8), date(2019, 11, 8), CompareResult.SAME, 0, 0),
        (date(2019, 12, 30), date(2020, 1, 2), CompareResult.BEFORE, 3, 3),
        (date(2020, 2, 28), date(2020, 3, 1), CompareResult.BEFORE, 2, 1),
    ],
)
def test_compare(
    first: date, second: date, result: CompareResult, days: int, business: int
) -> None:
    """dateCompare gives the order and signed calendar and business-day differences."""
    outcome = compare(first, second, BusinessCalendar(CalendarSettings()))
    assert (outcome.result, outcome.days_difference, outcome.business_days_difference) == (
        result,
        days,
        business,
    )
