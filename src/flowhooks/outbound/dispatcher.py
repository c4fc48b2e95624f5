"""The dispatcher: hands each due call to its flow's dialer, once, across processes and crashes.

A background service (in `serve` and in every `flowhooks worker`). Each round it claims
due calls with a lease, then per call: make sure the attempt row exists (its idempotency
key is fixed from then on), hand the attempt over, and record the outcome — but only if
this worker still holds the lease. A worker that dies mid-hand-off leaves the lease to
expire; another worker takes the call over and hands the same attempt over with the same
idempotency key, which the dialer recognises. A call IN_PROGRESS whose dialer never
reported is taken over the same way once its result deadline passes, and that attempt
counts as FAILED (NO_RESULT).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import Account
from flowhooks.jobs.polling import ClaimLoop
from flowhooks.outbound import flows, hours
from flowhooks.outbound.api_models import AttemptStatus
from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome, DialResult
from flowhooks.outbound.dialers.factory import build_dialer, status_url
from flowhooks.outbound.dialers.retry import Backoff
from flowhooks.outbound.results import advance
from flowhooks.outbound.scheduling import CallState, number_index
from flowhooks.runtime import Runtime
from flowhooks.store import outbound as store
from flowhooks.store.base import as_utc

log = structlog.get_logger("flowhooks.outbound")


class Dispatcher(ClaimLoop[store.Claimed]):
    """Claims due calls and places their attempts, the calls of a round concurrently."""

    claim_failed_event = "outbound_claim_failed"
    crash_event = "outbound_dispatch_crashed"
    concurrent = True

    def __init__(self, runtime: Runtime) -> None:
        s = runtime.settings
        super().__init__(
            batch=s.outbound_batch,
            lease=timedelta(seconds=s.outbound_lease_seconds),
            poll_seconds=s.outbound_poll_seconds,
            log=log,
        )
        self.runtime = runtime
        self.result_timeout = timedelta(minutes=s.outbound_result_timeout_minutes)
        self.unreachable_retry = timedelta(seconds=s.outbound_unreachable_retry_seconds)
        self.timeout = s.outbound_dialer_timeout_seconds
        self.backoff = Backoff(
            tries=s.outbound_dialer_tries, first=s.outbound_dialer_backoff_seconds
        )

    async def claim(self) -> Sequence[store.Claimed]:
        rt = self.runtime
        async with rt.db.session() as session:
            return await store.claim_due(
                session, rt.db.dialect, rt.worker_id, rt.now(), limit=self.batch, lease=self.lease
            )

    def describe(self, claimed: store.Claimed) -> Mapping[str, Any]:
        return {"phonon_uuid": claimed.phonon_uuid}

    async def _load(self, uuid: str) -> tuple[store.CallRow, store.FlowRow, Account] | None:
        async with self.runtime.db.read() as session:
            call = await store.get_call(session, uuid)
            flow = await session.get(store.FlowRow, call.flow_pk) if call else None
        account = await self.runtime.account(call.account_id) if call else None
        if call is None or flow is None or account is None:
            return None
        return call, flow, account

    async def handle(self, claimed: store.Claimed) -> None:
        """Conclude, postpone or hand over one claimed call, if this worker still holds it."""
        rt = self.runtime
        loaded = await self._load(claimed.phonon_uuid)
        if loaded is None:
            return
        call, flow, account = loaded
        now = rt.now()
        if claimed.previous_state == store.IN_PROGRESS:
            await self._conclude(call.phonon_uuid, AttemptStatus.FAILED, "NO_RESULT")
            return
        allowed = hours.due_time(now, account, flow)
        if not flow.active or allowed > now:
            await self._release(call.phonon_uuid, allowed, cancel=not flow.active)
            return
        attempt = await self._ensure_attempt(call, flow, account)
        if attempt is None:
            return
        dialer = build_dialer(flows.dialer_spec(flow), rt.http, self.backoff, self.timeout)
        result = await dialer.place(attempt)
        await self._record(attempt, result)

    async def _ensure_attempt(
        self, call: store.CallRow, flow: store.FlowRow, account: Account
    ) -> DialAttempt | None:
        """The attempt to place, its row created if this is its first hand-off."""
        rt = self.runtime
        n = call.attempt_number
        number = call.numbers[number_index(n, len(call.numbers))]
        async with rt.db.session() as session:
            if not await self._still_mine(session, call.phonon_uuid, n):
                return None
            row = await store.get_attempt(session, call.phonon_uuid, n)
            if row is not None and AttemptStatus(row.status).final:
                # Its result came while the hand-off was being retried: move on, do not redial.
                locked = await store.get_call(session, call.phonon_uuid)
                assert locked is not None
                ended = as_utc(row.end_time or rt.now())
                advance(locked, flow, account, AttemptStatus(row.status), ended, rt.now())
                return None
            if row is None:
                session.add(
                    store.AttemptRow(
                        phonon_uuid=call.phonon_uuid,
                        attempt_number=n,
                        number=number,
                        status=AttemptStatus.QUEUED.value,
                        created_at=rt.now(),
                        updated_at=rt.now(),
                    )
                )
        settings = hours.outbound_settings(account)
        base = settings.callback_base_url or rt.settings.public_base_url
        return DialAttempt(
            phonon_uuid=call.phonon_uuid,
            attempt_number=n,
            number=number,
            caller_id=flow.caller_id,
            flow_id=flow.flow_id,
            client_identifier=call.client_identifier,
            keys=tuple((k, v) for k, v in call.keys),
            status_url=status_url(flows.dialer_spec(flow), base, call.phonon_uuid, n),
        )

    async def _still_mine(self, session: AsyncSession, uuid: str, attempt_number: int) -> bool:
        """Whether this worker still holds the call's lease for this attempt (row locked)."""
        call = await store.get_call(session, uuid, lock=True)
        return (
            call is not None
            and call.state == store.HANDING_OFF
            and call.lease_owner == self.runtime.worker_id
            and call.attempt_number == attempt_number
        )

    async def _record(self, attempt: DialAttempt, result: DialResult) -> None:
        rt = self.runtime
        now = rt.now()
        async with rt.db.session() as session:
            row = await store.get_attempt(session, attempt.phonon_uuid, attempt.attempt_number)
            mine = await self._still_mine(session, attempt.phonon_uuid, attempt.attempt_number)
            if row is not None and result.provider_call_id and not row.provider_call_id:
                row.provider_call_id = result.provider_call_id
            if not mine or row is None:
                return
            call = await store.get_call(session, attempt.phonon_uuid)
            assert call is not None
            row.detail = result.detail[:500] or None
            row.updated_at = now
            if result.outcome is DialOutcome.ACCEPTED:
                if row.status == AttemptStatus.QUEUED.value:
                    row.status = AttemptStatus.DIALING.value
                row.start_time = row.start_time or now
                call.state = CallState.IN_PROGRESS.value
                call.lease_owner = None
                call.lease_until = now + self.result_timeout
            elif result.outcome is DialOutcome.REJECTED:
                row.status = AttemptStatus.FAILED.value
                row.hangup_cause = "DIALER_REJECTED"
                row.end_time = now
                flow, account = await self._flow_account(session, call)
                advance(call, flow, account, AttemptStatus.FAILED, now, now)
            else:
                call.state = store.SCHEDULED
                call.due_at = now + self.unreachable_retry
                call.lease_owner = None
                call.lease_until = None
            call.updated_at = now
        log.info(
            "outbound_handed_off",
            phonon_uuid=attempt.phonon_uuid,
            attempt=attempt.attempt_number,
            outcome=result.outcome.value,
        )

    async def _flow_account(
        self, session: AsyncSession, call: store.CallRow
    ) -> tuple[store.FlowRow, Account]:
        flow = await session.get(store.FlowRow, call.flow_pk)
        account = await self.runtime.account(call.account_id)
        assert flow is not None, "calls are deleted with their flow"
        assert account is not None, "calls are deleted with their account"
        return flow, account

    async def _conclude(self, uuid: str, status: AttemptStatus, cause: str) -> None:
        """The dialer never reported the current attempt: it failed; move the call on."""
        rt = self.runtime
        now = rt.now()
        async with rt.db.session() as session:
            call = await store.get_call(session, uuid, lock=True)
            if call is None or call.lease_owner != rt.worker_id:
                return
            row = await store.get_attempt(session, uuid, call.attempt_number)
            if row is not None and AttemptStatus(row.status).final:
                status = AttemptStatus(row.status)  # a result did come: it decides
            elif row is not None:
                row.status = status.value
                row.hangup_cause = cause
                row.end_time = now
                row.updated_at = now
            flow, account = await self._flow_account(session, call)
            advance(call, flow, account, status, now, now)

    async def _release(self, uuid: str, due: datetime, *, cancel: bool) -> None:
        """Not yet (outside calling hours), or never (flow deactivated): give the call back."""
        rt = self.runtime
        async with rt.db.session() as session:
            call = await store.get_call(session, uuid, lock=True)
            if call is None or call.lease_owner != rt.worker_id:
                return
            call.state = CallState.CANCELLED.value if cancel else store.SCHEDULED
            call.due_at = as_utc(due)
            call.lease_owner = None
            call.lease_until = None
            call.updated_at = rt.now()


def install_dispatcher(runtime: Runtime) -> None:
    """Add the outbound dispatcher to the runtime's background services (once)."""
    if runtime.dispatcher is None:
        runtime.dispatcher = Dispatcher(runtime)
        runtime.services.append(runtime.dispatcher)
