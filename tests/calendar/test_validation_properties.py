"""Hypothesis properties of ValidateDateAndTime: every answer is a usable, honest slot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.settings import CalendarSettings, TimeWindow
from flowhooks.calendar.validation import (
    InvalidReason,
    RequestType,
    ValidationRequest,
    ValidationResult,
    validate,
)

IST = ZoneInfo("Asia/Kolkata")
BASE = BusinessCalendar(CalendarSettings())
SATURDAYS = BusinessCalendar(CalendarSettings(second_fourth_saturdays_off=True, exchange="NSE"))

nows = st.datetimes(
    min_value=datetime(2018, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(IST)
)
days_off = st.frozensets(st.integers(0, 6), max_size=5)
minutes = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@st.composite
def windows(draw: st.DrawFn) -> TimeWindow:
    """A daily window of at least a quarter hour."""
    start = draw(st.integers(0, 94)) * 15
    end = draw(st.integers(start + 15, 23 * 60 + 59))
    return TimeWindow(start=time(start // 60, start % 60), end=time(end // 60, end % 60))


@st.composite
def requests(draw: st.DrawFn, now: datetime) -> ValidationRequest:
    """Any request a flow might send around `now`, parseable or not."""
    day = now.date() + timedelta(days=draw(st.integers(-40, 200)))
    text = draw(
        st.one_of(
            st.just(f"{day.day}-{day.month}-{day.year}"),
            minutes.map(lambda t: f"{day.isoformat()}T{t:%H:%M}:00+05:30"),
            minutes.map(lambda t: f"{day.isoformat()}T{t:%H:%M}:00Z"),
            st.sampled_from(["aaj", "kal", "parso", "tomorrow", "somvar", "nonsense", "?"]),
        )
    )
    kind = draw(st.sampled_from(RequestType))
    return ValidationRequest(
        input_date=text,
        type=kind,
        days_off=draw(st.none() | days_off),
        valid_max_days=draw(st.sampled_from([0, 0, 1, 2, 5, 30])),
        increment_days=draw(st.integers(0, 10)),
        appointment_window=draw(windows()) if kind is RequestType.APPOINTMENT else None,
    )


def effective(calendar: BusinessCalendar, request: ValidationRequest) -> BusinessCalendar:
    """The calendar the request is judged on (its own days off when given)."""
    return calendar if request.days_off is None else calendar.with_days_off(request.days_off)


def hours_for(calendar: BusinessCalendar, request: ValidationRequest) -> TimeWindow:
    """The request type's daily window."""
    return request.appointment_window or calendar.settings.callback_hours


@settings(max_examples=150, deadline=None)
@given(data=st.data(), now=nows, calendar=st.sampled_from([BASE, SATURDAYS]))
def test_output_is_a_business_day_inside_window_and_hours(
    data: st.DataObject, now: datetime, calendar: BusinessCalendar
) -> None:
    """For any input the output is a future business day inside the window and the hours."""
    request = data.draw(requests(now))
    result = validate(request, calendar, now)
    judged = effective(calendar, request)
    out = result.output
    assert judged.is_business_day(out.date())
    assert hours_for(calendar, request).contains(out.time().replace(tzinfo=None))
    assert result.hours.contains(out.time())
    assert out >= now
    first = now.date() + timedelta(days=1 if request.type is RequestType.APPOINTMENT else 0)
    assert out.date() >= first
    if request.valid_max_days:
        assert out.date() <= judged.nth_business_day_after(now.date(), request.valid_max_days)
    assert out.utcoffset() == timedelta(hours=5, minutes=30)
    assert_reason_matches_flags(result)


def assert_reason_matches_flags(result: ValidationResult) -> None:
    """NONE exactly when both flags are true; UNPARSEABLE has both false."""
    ok = result.date_is_valid and result.time_is_valid
    assert (result.invalid_reason is InvalidReason.NONE) == ok
    if result.invalid_reason is InvalidReason.UNPARSEABLE:
        assert not result.date_is_valid
        assert not result.time_is_valid


@st.composite
def valid_requests(
    draw: st.DrawFn, now: datetime, calendar: BusinessCalendar
) -> tuple[ValidationRequest, datetime]:
    """A request that is valid by construction, with the moment it names."""
    kind = draw(st.sampled_from(RequestType))
    off = draw(days_off)
    judged = calendar.with_days_off(off)
    window = (
        draw(windows()) if kind is RequestType.APPOINTMENT else calendar.settings.callback_hours
    )
    start = now.date() + timedelta(days=1 if kind is RequestType.APPOINTMENT else 0)
    day = judged.next_business_day(start + timedelta(days=draw(st.integers(0, 60))), inclusive=True)
    first_minute = window.start.hour * 60 + window.start.minute
    last_minute = window.end.hour * 60 + window.end.minute - 1
    at_minute = draw(st.integers(first_minute, last_minute))
    at = time(at_minute // 60, at_minute % 60)
    moment = datetime.combine(day, at, tzinfo=IST)
    if moment < now:
        moment = datetime.combine(judged.next_business_day(day), at, tzinfo=IST)
    limit = judged.business_days_between(now.date(), moment.date())
    request = ValidationRequest(
        input_date=moment.strftime("%d/%m/%Y %H:%M"),
        type=kind,
        days_off=off,
        valid_max_days=draw(st.sampled_from([0, limit, limit + 3])),
        appointment_window=window if kind is RequestType.APPOINTMENT else None,
    )
    return request, moment


@settings(max_examples=150, deadline=None)
@given(data=st.data(), now=nows, calendar=st.sampled_from([BASE, SATURDAYS]))
def test_valid_input_comes_back_unchanged(
    data: st.DataObject, now: datetime, calendar: BusinessCalendar
) -> None:
    """A date-time inside the window, the hours and the business days is returned as given."""
    request, moment = data.draw(valid_requests(now, calendar))
    result = validate(request, calendar, now)
    assert result.invalid_reason is InvalidReason.NONE
    assert result.output == moment
    assert result.date_is_valid
    assert result.time_is_valid


@settings(max_examples=100, deadline=None)
@given(now=nows, offset=st.integers(0, 90))
def test_valid_date_only_keeps_its_day(now: datetime, offset: int) -> None:
    """A valid date-only input keeps its day and starts at the window's start or later."""
    day = BASE.next_business_day(now.date() + timedelta(days=offset), inclusive=True)
    result = validate(ValidationRequest(f"{day.day}-{day.month}-{day.year}"), BASE, now)
    if result.invalid_reason is InvalidReason.NONE:
        assert result.output.date() == day
        if day != now.date():
            assert result.output.time() == time(8)
    else:
        assert day == now.date()
        assert result.invalid_reason is InvalidReason.PAST
        assert result.output.date() > day


def test_dates_are_plain_dates() -> None:
    """Sanity: the strategies generate dates in range."""
    assert BASE.next_business_day(date(2030, 12, 31)) > date(2030, 12, 31)
