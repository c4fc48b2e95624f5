"""An account's business calendar settings, stored as JSON on the account row.

Every field has a default so an account with `{}` settings is valid (India, the account's
own zone, Sunday off, 09:00-18:00 business hours, 08:00-20:00 callback hours). Validation errors
name the field (pydantic puts the field in the error location and the messages say what
was expected).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, time
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from flowhooks.calendar.weekdays import weekday_names, weekdays_from_names

_MONTH_DAY = re.compile(r"^(?:--)?(\d{2})-(\d{2})$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
DEFAULT_TIMEZONE = "Asia/Kolkata"
EXCHANGE_CALENDARS: dict[str, str] = {"NSE": "XNSE", "BSE": "XBOM"}


class TimeWindow(BaseModel):
    """A daily window, start inclusive and end exclusive (e.g. 09:00-18:00)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: time
    end: time

    @model_validator(mode="after")
    def _start_before_end(self) -> TimeWindow:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("window times are local wall-clock times without an offset")
        if self.start >= self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self

    def contains(self, moment: time) -> bool:
        """True when start <= moment < end."""
        return self.start <= moment < self.end


def _window(start: int, end: int) -> TimeWindow:
    return TimeWindow(start=time(start), end=time(end))


def parse_month_day(text: str) -> tuple[int, int]:
    """Parse a yearly date key `MM-DD` (or `--MM-DD`); raises ValueError."""
    match = _MONTH_DAY.match(text.strip())
    if not match:
        raise ValueError(f"yearly holiday key {text!r} must look like MM-DD, e.g. 05-01")
    month, day = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        raise ValueError(f"yearly holiday key {text!r} is not a day of the year")
    return month, day


class CalendarSettings(BaseModel):
    """Where and when an account does business."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str | None = Field(
        None, description="IANA zone name; None = the account's zone (Asia/Kolkata by default)"
    )
    country: str = Field("IN", description="ISO 3166 country code known to python-holidays")
    subdivision: str | None = Field(None, description="State/territory code, e.g. MH, KA, DL")
    exchange: Literal["NSE", "BSE"] | None = Field(
        None, description="Also close on this stock exchange's trading holidays"
    )
    days_off: list[str] = Field(default_factory=lambda: ["Sunday"])
    business_hours: TimeWindow = Field(default_factory=lambda: _window(9, 18))
    callback_hours: TimeWindow = Field(default_factory=lambda: _window(8, 20))
    half_days: dict[date, time] = Field(
        default_factory=dict, description="date -> closing time on that day"
    )
    added_holidays: dict[date, str] = Field(default_factory=dict, description="date -> name")
    yearly_holidays: dict[str, str] = Field(
        default_factory=dict, description="MM-DD -> name, every year"
    )
    second_fourth_saturdays_off: bool = False
    removed_holidays: list[date] = Field(
        default_factory=list, description="library holidays this account works on"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        import holidays  # on first use: loading its calendars is slow

        code = value.strip().upper()
        if code not in holidays.list_supported_countries():
            raise ValueError(f"country {value!r} has no holiday calendar (use e.g. IN)")
        return code

    @field_validator("days_off")
    @classmethod
    def _known_days(cls, value: list[str]) -> list[str]:
        numbers = weekdays_from_names(value)
        if len(numbers) == 7:
            raise ValueError("at least one weekday must be a working day")
        return weekday_names(numbers)

    @field_validator("yearly_holidays")
    @classmethod
    def _month_day_keys(cls, value: dict[str, str]) -> dict[str, str]:
        result: dict[str, str] = {}
        for key, name in value.items():
            month, day = parse_month_day(key)
            result[f"{month:02d}-{day:02d}"] = name
        return result

    @field_validator("half_days")
    @classmethod
    def _naive_times(cls, value: dict[date, time]) -> dict[date, time]:
        for day, closing in value.items():
            if closing.tzinfo is not None:
                raise ValueError(f"closing time for {day} must not carry an offset")
        return value

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is None or country is None:
            return value
        import holidays

        known = holidays.list_supported_countries()[country]
        code = value.strip().upper()
        if code not in known:
            raise ValueError(f"{value!r} is not one of {country}'s: " + ", ".join(known))
        return code

    @cached_property
    def zone(self) -> ZoneInfo:
        """The calendar's own zone, else the default (Asia/Kolkata)."""
        return ZoneInfo(self.timezone or DEFAULT_TIMEZONE)

    @cached_property
    def days_off_numbers(self) -> frozenset[int]:
        """Weekly days off as `date.weekday()` numbers."""
        return weekdays_from_names(self.days_off)

    @cached_property
    def fingerprint(self) -> str:
        """A stable digest of every field: the holiday cache key."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:32]
