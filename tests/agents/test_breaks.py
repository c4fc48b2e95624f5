"""The break report per agent and local day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from flowhooks.agents import states
from flowhooks.agents.breaks import UNSPECIFIED, break_days, seconds
from flowhooks.agents.settings import AgentSettings
from flowhooks.agents.states import AgentState, AgentStatus, StatusChange, Transition

IST = ZoneInfo("Asia/Kolkata")
ANY = AgentSettings()


def ist(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=IST)


def test_two_breaks_in_a_day_are_summed_per_reason() -> None:
    """Two breaks on one day give their total, their count and the time per reason."""
    s = states.available(ist(2, 9))
    log: list[StatusChange] = []
    steps: tuple[Callable[[AgentState], Transition], ...] = (
        lambda x: states.pause(x, ist(2, 11), ANY, "TEA"),
        lambda x: states.unpause(x, ist(2, 11, 15)),
        lambda x: states.pause(x, ist(2, 13), ANY, "LUNCH"),
        lambda x: states.unpause(x, ist(2, 13, 45)),
    )
    for step in steps:
        result = step(s)
        log.append(result.change)
        s = result.state
    (day,) = break_days(log, IST, until=ist(2, 18))
    assert day.day == date(2026, 11, 2)
    assert day.breaks == 2
    assert day.paused == timedelta(hours=1)
    assert day.by_reason == {"TEA": timedelta(minutes=15), "LUNCH": timedelta(minutes=45)}


def test_break_across_midnight_is_split_in_account_zone() -> None:
    """A break from 23:00 to 01:30 local counts 1h on the first day and 1h30 on the next."""
    log = [
        StatusChange(ist(2, 23), AgentStatus.AVAILABLE, AgentStatus.PAUSED, "NIGHT"),
        StatusChange(ist(3, 1, 30), AgentStatus.PAUSED, AgentStatus.AVAILABLE),
    ]
    first, second = break_days(log, IST, until=ist(3, 9))
    assert (first.day, first.paused, first.breaks) == (date(2026, 11, 2), timedelta(hours=1), 1)
    assert (second.day, second.paused, second.breaks) == (
        date(2026, 11, 3),
        timedelta(hours=1, minutes=30),
        0,
    )


def test_midnight_is_local_not_utc() -> None:
    """The split happens at the account's midnight: 23:00-01:00 IST is one UTC day."""
    log = [
        StatusChange(ist(2, 23), AgentStatus.AVAILABLE, AgentStatus.PAUSED),
        StatusChange(ist(3, 1), AgentStatus.PAUSED, AgentStatus.AVAILABLE),
    ]
    assert [d.day for d in break_days(log, IST, until=ist(3, 9))] == [
        date(2026, 11, 2),
        date(2026, 11, 3),
    ]
    assert [d.day for d in break_days(log, ZoneInfo("UTC"), until=ist(3, 9))] == [date(2026, 11, 2)]


def test_open_break_is_closed_at_report_time() -> None:
    """A break not yet ended counts up to the time of the report, without a reason label."""
    log = [StatusChange(ist(2, 10), AgentStatus.AVAILABLE, AgentStatus.PAUSED)]
    (day,) = break_days(log, IST, until=ist(2, 10, 20))
    assert day.paused == timedelta(minutes=20)
    assert day.by_reason == {UNSPECIFIED: timedelta(minutes=20)}
    assert seconds(day.paused) == 1200


def test_pending_break_counts_from_release() -> None:
    """A break asked during a call counts from the release, not from the request."""
    s = states.occupy(states.available(ist(2, 9)), ist(2, 10))
    asked = states.pause(s.state, ist(2, 10, 5), ANY, "LUNCH")
    released = states.release(asked.state, ist(2, 10, 30))
    back = states.unpause(released.state, ist(2, 11))
    log = [s.change, asked.change, released.change, back.change]
    (day,) = break_days(log, IST, until=ist(2, 18))
    assert day.paused == timedelta(minutes=30)
    assert day.breaks == 1


def test_reason_change_splits_time_but_not_the_break() -> None:
    """Changing the reason while paused splits the time and keeps one break."""
    log = [
        StatusChange(ist(2, 10), AgentStatus.AVAILABLE, AgentStatus.PAUSED, "TEA"),
        StatusChange(ist(2, 10, 10), AgentStatus.PAUSED, AgentStatus.PAUSED, "LUNCH"),
        StatusChange(ist(2, 10, 40), AgentStatus.PAUSED, AgentStatus.AVAILABLE),
    ]
    (day,) = break_days(log, IST, until=ist(2, 18))
    assert day.breaks == 1
    assert day.by_reason == {"TEA": timedelta(minutes=10), "LUNCH": timedelta(minutes=30)}


def test_break_open_before_window_starts_at_window() -> None:
    """A break whose start is older than the records counts from the window start."""
    log = [StatusChange(ist(2, 9, 30), AgentStatus.PAUSED, AgentStatus.AVAILABLE)]
    (day,) = break_days(log, IST, until=ist(2, 18), window_start=ist(2, 0))
    assert day.paused == timedelta(hours=9, minutes=30)
    assert day.breaks == 0


def test_days_outside_bounds_are_left_out() -> None:
    """first_day and last_day bound the days returned."""
    log = [
        StatusChange(ist(2, 23), AgentStatus.AVAILABLE, AgentStatus.PAUSED),
        StatusChange(ist(3, 1), AgentStatus.PAUSED, AgentStatus.AVAILABLE),
    ]
    days = break_days(log, IST, until=ist(4, 0), first_day=date(2026, 11, 3))
    assert [d.day for d in days] == [date(2026, 11, 3)]


def test_dst_day_is_split_at_local_midnight() -> None:
    """Across a DST change the day totals add up to the break's real length."""
    paris = ZoneInfo("Europe/Paris")
    start = datetime(2026, 3, 28, 22, 0, tzinfo=paris)
    end = datetime(2026, 3, 29, 4, 0, tzinfo=paris)  # clocks jump 02:00 -> 03:00
    log = [
        StatusChange(start, AgentStatus.AVAILABLE, AgentStatus.PAUSED),
        StatusChange(end, AgentStatus.PAUSED, AgentStatus.AVAILABLE),
    ]
    first, second = break_days(log, paris, until=end)
    assert first.paused == timedelta(hours=2)
    assert second.paused == timedelta(hours=3)


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=3000), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_days_add_up_to_total_break_time(steps: list[tuple[int, bool]]) -> None:
    """The per-day paused times add up to the time spent paused, and each fits in a day."""
    now = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    s = states.available(now)
    log: list[StatusChange] = []
    total = timedelta(0)
    for minutes, want_pause in steps:
        later = now + timedelta(minutes=minutes)
        if s.status is AgentStatus.PAUSED:
            total += later - now
        now = later
        result = states.pause(s, now, ANY) if want_pause else states.unpause(s, now)
        log.append(result.change)
        s = result.state
    days = break_days(log, IST, until=now)
    assert sum((d.paused for d in days), timedelta(0)) == total
    assert all(timedelta(0) < d.paused <= timedelta(hours=24) for d in days)
    assert all(sum(d.by_reason.values(), timedelta(0)) == d.paused for d in days)
