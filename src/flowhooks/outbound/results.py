"""Attempt results: a dialer's report updates its attempt, and a final one moves the call on.

Reports are idempotent: one for an attempt that is already final changes nothing (a
dialer or Exotel retrying its callback is harmless). A final report for the call's current
attempt schedules the next one (next alternate, retry gap, calling hours) or ends the call.
The same `advance` serves the dispatcher when a dialer refuses an attempt outright or never
reports at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import Account
from flowhooks.errors import NotFound
from flowhooks.outbound import flows, hours
from flowhooks.outbound.api_models import AttemptStatus, StatusReport
from flowhooks.outbound.scheduling import after_attempt, call_state_after
from flowhooks.store import outbound as store
from flowhooks.store.base import as_utc

# A call waiting to hand its current attempt over again (the dialer seemed unreachable)
# may still get that attempt's result: it counts like one in progress.
LIVE_STATES = (store.SCHEDULED, store.HANDING_OFF, store.IN_PROGRESS)
FACTS = (
    "start_time", "connect_time", "end_time", "duration",
    "hangup_cause", "recording_url", "provider_call_id",
)  # fmt: skip


class UnknownCall(NotFound):
    """No call or attempt has this phonon UUID."""

    code = "UNKNOWN_PHONON_UUID"


def advance(
    call: store.CallRow,
    flow: store.FlowRow,
    account: Account,
    status: AttemptStatus,
    ended_at: datetime,
    now: datetime,
) -> None:
    """Move `call` past its current attempt, which ended with `status`."""
    nxt = after_attempt(
        status, call.attempt_number, len(call.numbers), flows.retry_policy(flow), ended_at
    )
    call.state = call_state_after(status, nxt).value
    if nxt is not None:
        call.attempt_number = nxt.attempt_number
        call.due_at = hours.due_time(max(nxt.not_before, now), account, flow)
    call.lease_owner = None
    call.lease_until = None
    call.updated_at = now


async def apply_report(
    session: AsyncSession,
    report: StatusReport,
    call: store.CallRow,
    flow: store.FlowRow,
    account: Account,
    now: datetime,
) -> bool:
    """Record `report` on its attempt (the call is locked by the caller); True if it changed."""
    attempt = await store.get_attempt(session, report.phonon_uuid, report.attempt_number)
    if attempt is None:
        raise UnknownCall(f"Call {report.phonon_uuid} has no attempt {report.attempt_number}")
    if AttemptStatus(attempt.status).final:
        if report.status.value != attempt.status:
            return False
        return _complete(attempt, report, now)  # the same outcome again, maybe with more facts
    attempt.status = report.status.value
    _complete(attempt, report, now, overwrite=True)
    if report.status.final and attempt.end_time is None:
        attempt.end_time = now
    current = call.attempt_number == report.attempt_number and call.state in LIVE_STATES
    if report.status.final and current:
        advance(call, flow, account, report.status, as_utc(attempt.end_time or now), now)
    return True


def _complete(
    attempt: store.AttemptRow, report: StatusReport, now: datetime, *, overwrite: bool = False
) -> bool:
    """Copy the report's facts onto the attempt (only into empty fields unless `overwrite`)."""
    facts = {
        "start_time": report.start_time,
        "connect_time": report.connect_time,
        "end_time": report.end_time,
        "duration": report.duration,
        "hangup_cause": report.hangup_cause,
        "recording_url": report.recording_url,
        "provider_call_id": report.dialer_call_id,
    }
    changed = False
    for name in FACTS:
        value = facts[name]
        if isinstance(value, datetime):
            value = value.astimezone(UTC)  # stored UTC on every backend
        if value in (None, "") or (getattr(attempt, name) is not None and not overwrite):
            continue
        setattr(attempt, name, value)
        changed = True
    if changed or overwrite:
        attempt.updated_at = now
    return changed
