"""When a call of a flow may ring: the flow's (or account's) window on the account's days.

Business days come from the account's calendar (weekly days off and holidays, see
`flowhooks.calendar`) unless the account's outbound settings turn that off.
"""

from __future__ import annotations

from datetime import datetime

from flowhooks.accounts import Account
from flowhooks.calendar.business import calendar_for
from flowhooks.outbound import flows
from flowhooks.outbound.scheduling import BusinessDayRule, every_day, next_allowed_time
from flowhooks.outbound.settings import OutboundSettings
from flowhooks.store.outbound import FlowRow


def outbound_settings(account: Account) -> OutboundSettings:
    """The account's outbound section."""
    return account.settings.outbound


def business_day_rule(account: Account) -> BusinessDayRule:
    """Which days calls may be placed on for this account."""
    if not outbound_settings(account).business_days_only:
        return every_day
    return calendar_for(account.settings.calendar, account.timezone).is_business_day


def due_time(when: datetime, account: Account, flow: FlowRow) -> datetime:
    """`when`, or the next opening of the calling window after it (UTC)."""
    hours = flows.calling_hours(flow, outbound_settings(account))
    return next_allowed_time(when, hours, account.timezone, business_day_rule(account))
