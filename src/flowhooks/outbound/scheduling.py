"""When a call's next attempt is due, and on which number: pure rules, clock passed in.

- Calling hours: no attempt is placed outside the flow's daily window on a business day
  of the account's calendar; a call due at night, or on a holiday, waits for the next
  window's opening. The window is [start, end) in the account's zone.
- Alternates: attempt n dials number (n - 1) mod len(numbers), so the numbers are tried
  in order and then again from the first, until the flow's attempt limit.
- Gaps: moving on to the next alternate is immediate (the customer may be on their other
  phone right now); starting a new round over the numbers waits the flow's retry gap.
- ANSWERED completes the call; CANCELLED stops it; NO_ANSWER, BUSY and FAILED try again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from flowhooks.outbound.api_models import AttemptStatus

BusinessDayRule = Callable[[date], bool]
RETRYABLE = frozenset({AttemptStatus.NO_ANSWER, AttemptStatus.BUSY, AttemptStatus.FAILED})
SEARCH_HORIZON_DAYS = 366


def every_day(_: date) -> bool:
    """The business-day rule of an account without a calendar: every day is one."""
    return True


class CallState(StrEnum):
    """A call's overall state. SCHEDULED waits for its due time; IN_PROGRESS has an
    attempt with the dialer; the other three are final."""

    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def final(self) -> bool:
        """Whether nothing more will happen to the call."""
        return self in (CallState.COMPLETED, CallState.FAILED, CallState.CANCELLED)


@dataclass(frozen=True)
class CallingHours:
    """A daily window [start, end) in the account's zone; default 09:00–21:00 (TRAI's)."""

    start: time = time(9, 0)
    end: time = time(21, 0)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("calling hours must start before they end")

    @classmethod
    def always(cls) -> CallingHours:
        """A window covering the whole day."""
        return cls(time(0, 0), time.max)


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a call gets and how long a new round over its numbers waits."""

    max_attempts: int = 3
    retry_gap: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        if not 1 <= self.max_attempts <= 20:
            raise ValueError("max attempts must be 1..20")
        if self.retry_gap < timedelta(0):
            raise ValueError("the retry gap cannot be negative")


@dataclass(frozen=True)
class NextAttempt:
    """The attempt that follows a failed one: its number, which alternate, and when."""

    attempt_number: int
    number_index: int
    not_before: datetime


def next_allowed_time(
    due: datetime,
    hours: CallingHours,
    zone: ZoneInfo,
    is_business_day: BusinessDayRule = every_day,
) -> datetime:
    """`due` itself when it falls in a calling window, else the next window's opening (UTC)."""
    if due.tzinfo is None:
        raise ValueError("due must be timezone-aware")
    local = due.astimezone(zone)
    for offset in range(SEARCH_HORIZON_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        if not is_business_day(day):
            continue
        opens = datetime.combine(day, hours.start, zone)
        closes = datetime.combine(day, hours.end, zone)
        if offset == 0 and local >= closes:
            continue
        if offset == 0 and local >= opens:
            return due.astimezone(UTC)
        return opens.astimezone(UTC)
    raise ValueError("no business day with calling hours within a year")


def number_index(attempt_number: int, numbers: int) -> int:
    """Which alternate attempt `attempt_number` (1-based) dials."""
    if attempt_number < 1 or numbers < 1:
        raise ValueError("attempt numbers start at 1 and a call has at least one number")
    return (attempt_number - 1) % numbers


def after_attempt(
    status: AttemptStatus,
    attempt_number: int,
    numbers: int,
    policy: RetryPolicy,
    ended_at: datetime,
) -> NextAttempt | None:
    """The next attempt after a final `status`, or None when the call is over."""
    if status not in RETRYABLE or attempt_number >= policy.max_attempts:
        return None
    following = attempt_number + 1
    index = number_index(following, numbers)
    gap = policy.retry_gap if index == 0 else timedelta(0)
    return NextAttempt(following, index, ended_at + gap)


def call_state_after(status: AttemptStatus, next_attempt: NextAttempt | None) -> CallState:
    """The call's state once an attempt ended with `status`."""
    if status is AttemptStatus.ANSWERED:
        return CallState.COMPLETED
    if status is AttemptStatus.CANCELLED:
        return CallState.CANCELLED
    if not status.final:
        return CallState.IN_PROGRESS
    return CallState.SCHEDULED if next_attempt is not None else CallState.FAILED
