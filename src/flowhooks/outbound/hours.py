"""When a call of a flow may ring: the flow's (or account's) window on the account's days.

The business-day rule is the one seam to the account calendar: `business_day_rule` answers
every day as a business day until the account has a calendar section; with it, calls skip
the account's weekly days off and holidays (see docs/outbound.md).
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import import_module
from typing import Any

from flowhooks.accounts import Account
from flowhooks.outbound import flows
from flowhooks.outbound.scheduling import BusinessDayRule, every_day, next_allowed_time
from flowhooks.outbound.settings import OutboundSettings
from flowhooks.store.outbound import FlowRow


def outbound_settings(account: Account) -> OutboundSettings:
    """The account's outbound section (defaults when it has none)."""
    section: Any = getattr(account.settings, "outbound", None)
    return section if isinstance(section, OutboundSettings) else OutboundSettings()


def business_day_rule(account: Account) -> BusinessDayRule:
    """Which days calls may be placed on for this account."""
    if not outbound_settings(account).business_days_only:
        return every_day
    calendar: Any = getattr(account.settings, "calendar", None)
    if calendar is None:
        return every_day
    # Imported by name: the calendar area lands beside this one, not under it.
    business: Any = import_module("flowhooks.calendar.business").calendar_for(calendar)

    def rule(day: date) -> bool:
        return bool(business.is_business_day(day))

    return rule


def due_time(when: datetime, account: Account, flow: FlowRow) -> datetime:
    """`when`, or the next opening of the calling window after it (UTC)."""
    hours = flows.calling_hours(flow, outbound_settings(account))
    return next_allowed_time(when, hours, account.timezone, business_day_rule(account))
