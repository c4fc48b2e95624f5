"""The rules of ValidateDateAndTime and dateCompare (CONTRACT.md section 3), as pure functions.

validate() answers whether a caller's date (and time) can be honoured and, when not, the
next slot that can. Everything is relative to the injected `now`; nothing here reads a
clock, a zone of the server, a database or the web request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.parsing import ParsedDate, parse_date_input
from flowhooks.calendar.settings import TimeWindow
from flowhooks.calendar.slots import SlotWindow, next_quarter_hour


class RequestType(StrEnum):
    """What the caller asked for."""

    APPOINTMENT = "Appointment"
    CALLBACK = "Callback"


class InvalidReason(StrEnum):
    """Why an input was corrected (NONE when it was valid)."""

    NONE = "NONE"
    UNPARSEABLE = "UNPARSEABLE"
    PAST = "PAST"
    DAY_OFF = "DAY_OFF"
    HOLIDAY = "HOLIDAY"
    BEYOND_MAX_DAYS = "BEYOND_MAX_DAYS"
    OUTSIDE_HOURS = "OUTSIDE_HOURS"


@dataclass(frozen=True, slots=True)
class ValidationRequest:
    """One ValidateDateAndTime question, already type-checked by the method layer."""

    input_date: str
    type: RequestType = RequestType.CALLBACK
    days_off: frozenset[int] | None = None
    valid_max_days: int = 0
    increment_days: int = 0
    appointment_window: TimeWindow | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The answer: the (corrected) slot, the hours of its day and why it moved."""

    output: datetime
    hours: TimeWindow
    date_is_valid: bool
    time_is_valid: bool
    invalid_reason: InvalidReason
    holiday_name: str | None
    parsed: ParsedDate | None


def validate(
    request: ValidationRequest, calendar: BusinessCalendar, now: datetime
) -> ValidationResult:
    """Check the request against the calendar at `now` and correct it to a valid slot."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local_now = now.astimezone(calendar.zone)
    today = local_now.date()
    if request.days_off is not None:
        calendar = calendar.with_days_off(request.days_off)
    if request.type is RequestType.APPOINTMENT:
        if request.appointment_window is None:
            raise ValueError("an Appointment needs its start and end time")
        hours, first_day = request.appointment_window, today + timedelta(days=1)
    else:
        hours, first_day = calendar.settings.callback_hours, today
    last_day = (
        calendar.nth_business_day_after(today, request.valid_max_days)
        if request.valid_max_days > 0
        else None
    )
    window = SlotWindow(calendar, hours, local_now, first_day, last_day)

    parsed = parse_date_input(request.input_date, now=now, tz=calendar.zone)
    if parsed is None:
        return _result(
            window,
            window.first_slot(first_day),
            False,
            False,
            InvalidReason.UNPARSEABLE,
            None,
            None,
        )
    parsed = ParsedDate(parsed.day + timedelta(days=request.increment_days), parsed.time)
    return _check_parsed(window, parsed)


def _check_parsed(window: SlotWindow, parsed: ParsedDate) -> ValidationResult:
    day, wanted = parsed.day, parsed.time
    holiday = window.calendar.holiday_name(day)
    day_hours = window.hours_on(day)
    time_ok = wanted is None or (day_hours or window.hours).contains(wanted)
    reason = _date_reason(window, day, holiday, day_hours, wanted)
    if reason is not InvalidReason.NONE:
        keep = wanted if time_ok else None
        from_day = day if reason in _MOVE_FORWARD else window.first_day
        slot = window.first_slot(from_day, keep)
        return _result(window, slot, False, time_ok, reason, holiday, parsed)
    if wanted is None:
        return _result(window, window.first_slot(day), True, True, reason, holiday, parsed)
    if not time_ok:
        slot = window.first_slot(day)
        return _result(window, slot, True, False, InvalidReason.OUTSIDE_HOURS, holiday, parsed)
    requested = datetime.combine(day, wanted, tzinfo=window.now.tzinfo)
    if requested < window.now:
        slot = window.first_slot(day, wanted)
        return _result(window, slot, True, False, InvalidReason.PAST, holiday, parsed)
    return _result(window, requested, True, True, reason, holiday, parsed)


_MOVE_FORWARD = frozenset(
    {InvalidReason.HOLIDAY, InvalidReason.DAY_OFF, InvalidReason.OUTSIDE_HOURS}
)


def _date_reason(
    window: SlotWindow,
    day: date,
    holiday: str | None,
    day_hours: TimeWindow | None,
    wanted: time | None,
) -> InvalidReason:
    """Why the date itself cannot be used, in the order a caller needs to hear it."""
    if day < window.first_day:
        return InvalidReason.PAST
    if window.last_day is not None and day > window.last_day:
        return InvalidReason.BEYOND_MAX_DAYS
    if holiday is not None:
        return InvalidReason.HOLIDAY
    if window.calendar.is_day_off(day):
        return InvalidReason.DAY_OFF
    if day_hours is None:
        return InvalidReason.OUTSIDE_HOURS
    if (
        wanted is None
        and day == window.today
        and (
            next_quarter_hour(window.now).time() >= day_hours.end
            or next_quarter_hour(window.now).date() != day
        )
    ):
        return InvalidReason.PAST
    return InvalidReason.NONE


def _result(
    window: SlotWindow,
    slot: datetime,
    date_ok: bool,
    time_ok: bool,
    reason: InvalidReason,
    holiday: str | None,
    parsed: ParsedDate | None,
) -> ValidationResult:
    hours = window.hours_on(slot.date()) or window.hours
    return ValidationResult(slot, hours, date_ok, time_ok, reason, holiday, parsed)


class CompareResult(StrEnum):
    """date1 against date2."""

    BEFORE = "BEFORE"
    SAME = "SAME"
    AFTER = "AFTER"


@dataclass(frozen=True, slots=True)
class Comparison:
    """dateCompare's answer."""

    result: CompareResult
    days_difference: int
    business_days_difference: int


def compare(date1: date, date2: date, calendar: BusinessCalendar) -> Comparison:
    """Compare two calendar days: signed differences are date2 - date1."""
    if date1 < date2:
        result = CompareResult.BEFORE
    elif date1 > date2:
        result = CompareResult.AFTER
    else:
        result = CompareResult.SAME
    return Comparison(result, (date2 - date1).days, calendar.business_days_between(date1, date2))
