"""Calendar settings: defaults, validation errors naming the field, canonical codes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from flowhooks.calendar.settings import CalendarSettings


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
