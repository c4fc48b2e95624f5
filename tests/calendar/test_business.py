"""Business-day arithmetic over the account's calendar."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.calendar.business import BusinessCalendar, NoBusinessDayError, calendar_for
from flowhooks.calendar.settings import CalendarSettings, TimeWindow

DEFAULT = BusinessCalendar(CalendarSettings())


def test_default_calendar_is_india_with_sunday_off() -> None:
    """Sundays and Indian national holidays are not business days."""
    assert DEFAULT.holiday_name(date(2019, 10, 27)) == "Diwali"
    assert DEFAULT.holiday_name(date(2019, 8, 15)) == "Independence Day"
    assert not DEFAULT.is_business_day(date(2019, 11, 17))
    assert DEFAULT.is_business_day(date(2019, 11, 16))
    assert DEFAULT.holiday_name(date(2019, 11, 5)) is None


def test_subdivision_adds_state_holidays() -> None:
    """Maharashtra observes Maharashtra Day; the national calendar does not."""
    maharashtra = BusinessCalendar(CalendarSettings(subdivision="MH"))
    assert maharashtra.holiday_name(date(2019, 5, 1)) == "Maharashtra Day"
    assert DEFAULT.holiday_name(date(2019, 5, 1)) is None


def test_exchange_calendar_adds_market_holidays() -> None:
    """NSE and BSE trading holidays close the account too."""
    nse = BusinessCalendar(CalendarSettings(exchange="NSE"))
    bse = BusinessCalendar(CalendarSettings(exchange="BSE"))
    assert nse.holiday_name(date(2026, 9, 14)) is not None
    assert bse.holiday_name(date(2026, 9, 14)) is not None
    assert DEFAULT.holiday_name(date(2026, 9, 14)) is None


def test_own_holidays_removed_and_added() -> None:
    """Own holidays add dates and removed library dates become business days."""
    settings = CalendarSettings.model_validate(
        {
            "added_holidays": {"2019-11-05": "Branch audit"},
            "yearly_holidays": {"05-01": "Labour Day"},
            "removed_holidays": ["2019-10-02"],
        }
    )
    calendar = BusinessCalendar(settings)
    assert calendar.holiday_name(date(2019, 11, 5)) == "Branch audit"
    assert calendar.holiday_name(date(2023, 5, 1)) == "Labour Day"
    assert calendar.is_business_day(date(2019, 10, 2))


def test_second_and_fourth_saturdays() -> None:
    """The rule closes exactly the second and fourth Saturday of every month."""
    calendar = BusinessCalendar(CalendarSettings(second_fourth_saturdays_off=True))
    rule = [d for d, name in calendar.holidays_in(2026).items() if name.endswith(" Saturday")]
    assert len(rule) == 24
    assert all(d.weekday() == 5 and (8 <= d.day <= 14 or 22 <= d.day <= 28) for d in rule)


def test_far_years_do_not_warn() -> None:
    """Years outside python-holidays' lunar range still give fixed holidays, silently."""
    assert DEFAULT.holiday_name(date(2040, 8, 15)) == "Independence Day"


def test_next_and_nth_business_day() -> None:
    """Counting skips days off and holidays (Sunday 10 Nov and Tuesday 12 Nov 2019)."""
    assert DEFAULT.next_business_day(date(2019, 11, 9)) == date(2019, 11, 11)
    assert DEFAULT.next_business_day(date(2019, 11, 11)) == date(2019, 11, 13)
    assert DEFAULT.next_business_day(date(2019, 11, 11), inclusive=True) == date(2019, 11, 11)
    assert DEFAULT.nth_business_day_after(date(2019, 11, 8), 3) == date(2019, 11, 13)
    assert DEFAULT.nth_business_day_after(date(2019, 11, 8), 0) == date(2019, 11, 8)


def test_business_days_between_signs() -> None:
    """The count is of days after start up to end, negative when end comes first."""
    assert DEFAULT.business_days_between(date(2019, 11, 8), date(2019, 11, 13)) == 3
    assert DEFAULT.business_days_between(date(2019, 11, 13), date(2019, 11, 8)) == -3
    assert DEFAULT.business_days_between(date(2019, 11, 8), date(2019, 11, 8)) == 0


@given(start=st.dates(date(2015, 1, 1), date(2034, 1, 1)), n=st.integers(0, 60))
def test_nth_and_between_agree(start: date, n: int) -> None:
    """between(d, nth_business_day_after(d, n)) == n for every start and n."""
    end = DEFAULT.nth_business_day_after(start, n)
    assert DEFAULT.business_days_between(start, end) == n


def test_half_day_hours() -> None:
    """A half day closes early; closing before the window leaves nothing."""
    settings = CalendarSettings.model_validate({"half_days": {"2019-11-05": "13:00"}})
    calendar = BusinessCalendar(settings)
    hours = TimeWindow(start=time(9), end=time(18))
    assert calendar.hours_on(date(2019, 11, 5), hours) == TimeWindow(start=time(9), end=time(13))
    assert calendar.hours_on(date(2019, 11, 6), hours) == hours
    late = TimeWindow(start=time(14), end=time(18))
    assert calendar.hours_on(date(2019, 11, 5), late) is None


def test_holiday_sets_are_cached_per_settings_and_year() -> None:
    """Equal settings share one calendar and one holiday map per year."""
    first = calendar_for(CalendarSettings(subdivision="KA"))
    second = calendar_for(CalendarSettings(subdivision="KA"))
    assert first is second
    assert first.holidays_in(2024) is BusinessCalendar(
        CalendarSettings(subdivision="KA")
    ).holidays_in(2024)
    override = first.with_days_off(frozenset({5, 6}))
    assert override.holidays_in(2024) is first.holidays_in(2024)
    assert not override.is_business_day(date(2024, 6, 1))


def test_no_business_day_raises() -> None:
    """A calendar without any working day fails loudly instead of looping."""
    closed = DEFAULT.with_days_off(frozenset(range(7)))
    with pytest.raises(NoBusinessDayError, match="no business day"):
        closed.next_business_day(date(2019, 1, 1))


def test_zone_comes_from_settings_else_the_account() -> None:
    """A calendar without its own zone uses the account's; one with a zone keeps it."""
    from zoneinfo import ZoneInfo

    dubai = ZoneInfo("Asia/Dubai")
    assert calendar_for(CalendarSettings(), dubai).zone == dubai
    assert calendar_for(CalendarSettings()).zone == ZoneInfo("Asia/Kolkata")
    own = CalendarSettings(timezone="Asia/Kolkata")
    assert calendar_for(own, dubai).zone == ZoneInfo("Asia/Kolkata")
    assert calendar_for(CalendarSettings(), dubai).with_days_off(frozenset()).zone == dubai


def test_every_indian_subdivision_builds() -> None:
    """All 36 Indian states and territories give a holiday calendar with the national days."""
    import holidays

    subdivisions = holidays.list_supported_countries()["IN"]
    assert len(subdivisions) == 36
    for code in subdivisions:
        calendar = BusinessCalendar(CalendarSettings(subdivision=code))
        assert calendar.holiday_name(date(2026, 1, 26)) == "Republic Day"
