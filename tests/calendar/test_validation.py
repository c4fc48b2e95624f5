"""Table-driven tests of every ValidateDateAndTime rule, dated with a fixed `now`, and of
dateCompare's order and day differences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.settings import CalendarSettings, TimeWindow
from flowhooks.calendar.validation import (
    CompareResult,
    InvalidReason,
    RequestType,
    ValidationRequest,
    compare,
    validate,
)
from flowhooks.calendar.weekdays import parse_weekdays

IST = ZoneInfo("Asia/Kolkata")
MONDAY_10_07 = datetime(2019, 11, 4, 10, 7, tzinfo=IST)
OFFICE = TimeWindow(start=time(9), end=time(18))
R = InvalidReason


@dataclass(frozen=True)
class Case:
    """One row: the request, the clock, the settings and the expected answer."""

    name: str
    input_date: str
    expect_output: str
    expect_reason: InvalidReason
    date_ok: bool
    time_ok: bool
    now: datetime = MONDAY_10_07
    type: RequestType = RequestType.CALLBACK
    days_off: str | None = None
    valid_max_days: int = 0
    increment_days: int = 0
    settings: dict[str, object] = field(default_factory=dict)
    holiday: str | None = None


def appointment(
    name: str, input_date: str, output: str, reason: InvalidReason, **kw: object
) -> Case:
    """An Appointment row with Saturday and Sunday off and a 09:00-18:00 window."""
    date_ok = bool(kw.pop("date_ok", reason is R.NONE))
    time_ok = bool(kw.pop("time_ok", True))
    return Case(
        name,
        input_date,
        output,
        reason,
        date_ok,
        time_ok,
        type=RequestType.APPOINTMENT,
        days_off="Saturday,Sunday",
        **kw,  # type: ignore[arg-type]
    )


CASES = [
    Case(
        "date-only business day comes back at the window start",
        "5-11-2019",
        "2019-11-05T08:00:00+05:30",
        R.NONE,
        True,
        True,
    ),
    Case(
        "valid date-time comes back unchanged",
        "2019-11-05T10:30:00+05:30",
        "2019-11-05T10:30:00+05:30",
        R.NONE,
        True,
        True,
    ),
    Case(
        "today date-only starts at the next quarter hour",
        "4 November 2019",
        "2019-11-04T10:15:00+05:30",
        R.NONE,
        True,
        True,
    ),
    Case(
        "a holiday on a day off reports the holiday",
        "10-11-2019",
        "2019-11-11T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        holiday="Prophet's Birthday",
    ),
    Case(
        "a plain Sunday is a day off",
        "17-11-2019",
        "2019-11-18T08:00:00+05:30",
        R.DAY_OFF,
        False,
        True,
    ),
    Case(
        "a weekday holiday moves to the next business day",
        "12/11/2019",
        "2019-11-13T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        holiday="Guru Nanak's Birthday",
    ),
    Case(
        "a holiday keeps the caller's valid time",
        "2019-11-12 15:30",
        "2019-11-13T15:30:00+05:30",
        R.HOLIDAY,
        False,
        True,
        holiday="Guru Nanak's Birthday",
    ),
    Case(
        "a past date moves to the next quarter hour today",
        "1-11-2019",
        "2019-11-04T10:15:00+05:30",
        R.PAST,
        False,
        True,
    ),
    Case(
        "unparseable input offers the first slot",
        "when the cows come home",
        "2019-11-04T10:15:00+05:30",
        R.UNPARSEABLE,
        False,
        False,
    ),
    Case(
        "a time outside callback hours moves to the start",
        "2019-11-05 21:00",
        "2019-11-05T08:00:00+05:30",
        R.OUTSIDE_HOURS,
        True,
        False,
    ),
    Case(
        "a callback today whose time passed moves to the next quarter hour",
        "2019-11-04 09:00",
        "2019-11-04T10:15:00+05:30",
        R.PAST,
        True,
        False,
    ),
    Case(
        "a callback today later on is valid",
        "aaj shaam 6 baje",
        "2019-11-04T18:00:00+05:30",
        R.NONE,
        True,
        True,
    ),
    Case(
        "a passed time late in the day moves to the next business day",
        "2019-11-04 19:00",
        "2019-11-05T19:00:00+05:30",
        R.PAST,
        True,
        False,
        now=datetime(2019, 11, 4, 19, 50, tzinfo=IST),
    ),
    Case(
        "today after the callback hours is past",
        "aaj",
        "2019-11-05T08:00:00+05:30",
        R.PAST,
        False,
        True,
        now=datetime(2019, 11, 4, 20, 30, tzinfo=IST),
    ),
    Case(
        "a Saturday before the holiday Sunday moves past both",
        "9-11-2019",
        "2019-11-11T08:00:00+05:30",
        R.DAY_OFF,
        False,
        True,
        days_off="sat,sun",
    ),
    Case(
        "validMaxDays: the N-th business day is still valid",
        "9-11-2019",
        "2019-11-09T08:00:00+05:30",
        R.NONE,
        True,
        True,
        valid_max_days=5,
    ),
    Case(
        "validMaxDays: one day past the window goes to its first slot",
        "11-11-2019",
        "2019-11-04T10:15:00+05:30",
        R.BEYOND_MAX_DAYS,
        False,
        True,
        valid_max_days=5,
    ),
    Case(
        "validMaxDays skips holidays and days off when counting",
        "11-11-2019",
        "2019-11-11T08:00:00+05:30",
        R.NONE,
        True,
        True,
        valid_max_days=6,
    ),
    Case(
        "without validMaxDays a far date is valid",
        "11-11-2020",
        "2020-11-11T08:00:00+05:30",
        R.NONE,
        True,
        True,
    ),
    Case(
        "a holiday past the window is beyond it and still named",
        "12-11-2019",
        "2019-11-04T10:15:00+05:30",
        R.BEYOND_MAX_DAYS,
        False,
        True,
        valid_max_days=6,
        holiday="Guru Nanak's Birthday",
    ),
    Case(
        "incrementDays is added first",
        "4-11-2019",
        "2019-11-05T08:00:00+05:30",
        R.NONE,
        True,
        True,
        increment_days=1,
    ),
    Case(
        "incrementDays can land on a holiday",
        "9-11-2019",
        "2019-11-11T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        increment_days=1,
        holiday="Prophet's Birthday",
    ),
    Case(
        "own holiday added",
        "6-11-2019",
        "2019-11-07T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        settings={"added_holidays": {"2019-11-06": "Foundation Day"}},
        holiday="Foundation Day",
    ),
    Case(
        "library holiday removed",
        "12-11-2019",
        "2019-11-12T08:00:00+05:30",
        R.NONE,
        True,
        True,
        settings={"removed_holidays": ["2019-11-12"]},
    ),
    Case(
        "second Saturday off",
        "9-11-2019",
        "2019-11-11T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        settings={"second_fourth_saturdays_off": True},
        holiday="Second Saturday",
    ),
    Case(
        "a half day shortens the hours",
        "2019-11-05 14:00",
        "2019-11-05T08:00:00+05:30",
        R.OUTSIDE_HOURS,
        True,
        False,
        settings={"half_days": {"2019-11-05": "13:00"}},
    ),
    Case(
        "year end: a New Year holiday moves into January",
        "kal",
        "2020-01-02T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        now=datetime(2019, 12, 31, 19, 0, tzinfo=IST),
        settings={"yearly_holidays": {"01-01": "New Year"}},
        holiday="New Year",
    ),
    Case(
        "year end: validMaxDays counts across the year",
        "3-1-2020",
        "2020-01-03T08:00:00+05:30",
        R.NONE,
        True,
        True,
        valid_max_days=3,
        now=datetime(2019, 12, 30, 12, 0, tzinfo=IST),
        settings={"yearly_holidays": {"01-01": "New Year"}},
    ),
    Case(
        "leap day on a weekend is a day off",
        "29-2-2020",
        "2020-03-02T08:00:00+05:30",
        R.DAY_OFF,
        False,
        True,
        days_off="Saturday,Sunday",
    ),
    Case(
        "leap day reached by incrementDays",
        "28-2-2020",
        "2020-02-29T08:00:00+05:30",
        R.NONE,
        True,
        True,
        increment_days=1,
    ),
    Case(
        "a yearly 29 February holiday applies in leap years",
        "29-2-2020",
        "2020-03-02T08:00:00+05:30",
        R.HOLIDAY,
        False,
        True,
        settings={"yearly_holidays": {"02-29": "Leap Day"}},
        holiday="Leap Day",
    ),
    appointment("appointment tomorrow is valid", "tomorrow", "2019-11-05T09:00:00+05:30", R.NONE),
    appointment("appointment today is too soon", "today", "2019-11-05T09:00:00+05:30", R.PAST),
    appointment(
        "appointment on Saturday moves to Monday",
        "9-11-2019",
        "2019-11-11T09:00:00+05:30",
        R.DAY_OFF,
    ),
    appointment(
        "appointment outside its window",
        "2019-11-05 18:00",
        "2019-11-05T09:00:00+05:30",
        R.OUTSIDE_HOURS,
        date_ok=True,
        time_ok=False,
    ),
    appointment(
        "appointment inside its window keeps the time",
        "5-11-2019 5:45 pm",
        "2019-11-05T17:45:00+05:30",
        R.NONE,
    ),
    appointment(
        "Good Friday before a weekend moves to Monday",
        "19-4-2019",
        "2019-04-22T09:00:00+05:30",
        R.HOLIDAY,
        now=datetime(2019, 4, 17, 10, 0, tzinfo=IST),
        holiday="Good Friday",
    ),
    appointment(
        "appointment with validMaxDays 1 allows only the next business day",
        "6-11-2019",
        "2019-11-05T09:00:00+05:30",
        R.BEYOND_MAX_DAYS,
        valid_max_days=1,
    ),
    appointment(
        "appointment on Friday evening asked for the weekend",
        "parso",
        "2019-11-18T09:00:00+05:30",
        R.DAY_OFF,
        now=datetime(2019, 11, 15, 17, 0, tzinfo=IST),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule(case: Case) -> None:
    """Each row's input is judged and corrected as the contract's rules say."""
    calendar = BusinessCalendar(CalendarSettings.model_validate(case.settings))
    request = ValidationRequest(
        input_date=case.input_date,
        type=case.type,
        days_off=parse_weekdays(case.days_off) if case.days_off is not None else None,
        valid_max_days=case.valid_max_days,
        increment_days=case.increment_days,
        appointment_window=OFFICE if case.type is RequestType.APPOINTMENT else None,
    )
    result = validate(request, calendar, case.now)
    assert result.output.isoformat() == case.expect_output
    assert result.invalid_reason is case.expect_reason
    assert (result.date_is_valid, result.time_is_valid) == (case.date_ok, case.time_ok)
    assert result.holiday_name == case.holiday


def test_every_reason_is_covered() -> None:
    """The table exercises every invalidReason value."""
    assert {c.expect_reason for c in CASES} == set(InvalidReason)


def test_hours_follow_the_type() -> None:
    """A Callback reports the callback hours, an Appointment its own window."""
    calendar = BusinessCalendar(CalendarSettings())
    callback = validate(ValidationRequest("5-11-2019"), calendar, MONDAY_10_07)
    assert (callback.hours.start, callback.hours.end) == (time(8), time(20))
    booked = validate(
        ValidationRequest(
            "5-11-2019", RequestType.APPOINTMENT, frozenset({6}), appointment_window=OFFICE
        ),
        calendar,
        MONDAY_10_07,
    )
    assert (booked.hours.start, booked.hours.end) == (time(9), time(18))


def test_appointment_needs_a_window() -> None:
    """An Appointment without start and end times is a programming error."""
    with pytest.raises(ValueError, match="start and end"):
        validate(
            ValidationRequest("5-11-2019", RequestType.APPOINTMENT),
            BusinessCalendar(CalendarSettings()),
            MONDAY_10_07,
        )


def test_now_must_be_aware() -> None:
    """A naive clock is refused."""
    with pytest.raises(ValueError, match="aware"):
        validate(
            ValidationRequest("5-11-2019"),
            BusinessCalendar(CalendarSettings()),
            datetime(2019, 11, 4),
        )


def test_half_day_closed_before_window_is_skipped() -> None:
    """A half day that closes before the appointment window opens is not offered."""
    settings = CalendarSettings.model_validate({"half_days": {"2019-11-05": "08:30"}})
    request = ValidationRequest(
        "5-11-2019", RequestType.APPOINTMENT, frozenset({6}), appointment_window=OFFICE
    )
    result = validate(request, BusinessCalendar(settings), MONDAY_10_07)
    assert result.invalid_reason is R.OUTSIDE_HOURS
    assert result.output.date() == date(2019, 11, 6)


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
