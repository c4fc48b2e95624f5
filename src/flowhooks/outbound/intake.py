"""Accepting outbound calls: the create API's pipeline, shared with createOutbound.

Order: envelope (400/210), security ID (202), IP allow-list (401), flow (301), list
(203/302/303), each call (205/210 → 209). Nothing is stored unless at least one call is
accepted. A request whose fingerprint was seen in the last ten minutes answers 201 with
the first request's IDs and stores nothing (an IVR retry never dials twice); on
PostgreSQL an advisory lock on the fingerprint makes two simultaneous twins one request.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flowhooks.accounts import Account
from flowhooks.outbound import hours
from flowhooks.outbound.api_models import CallDetail, CreateResponse, ResponseCode
from flowhooks.outbound.checksum import (
    REPEAT_WINDOW,
    CallFingerprintPart,
    request_fingerprint,
    timing_of_start,
)
from flowhooks.outbound.validation import (
    AcceptedCall,
    ApiError,
    ValidatedCalls,
    check_list,
    parse_create,
    validate_calls,
)
from flowhooks.runtime import Runtime
from flowhooks.store import outbound as store


@dataclass(frozen=True)
class Caller:
    """Who is creating calls: the account (from its security ID) and the flow."""

    account: Account
    flow: store.FlowRow


def refusal(error: ApiError) -> CreateResponse:
    """The answer to a refused request: its code and message, no IDs."""
    return CreateResponse(api_response_code=error.code.value, api_response_message=error.message)


async def authenticate(
    runtime: Runtime, security_id: str, flow_id: str, client_ip: str | None
) -> Caller | ApiError:
    """The account and active flow behind a security ID, or 202 / 401 / 301."""
    account_id = await runtime.credential_account("security_id", security_id)
    account = await runtime.account(account_id) if account_id is not None else None
    if account is None:
        return ApiError(ResponseCode.INVALID_SECURITY_ID, "The security ID is not valid.")
    if not account.allows_ip(client_ip):
        return ApiError(ResponseCode.IP_NOT_WHITELISTED, f"{client_ip} is not allowed.")
    flow_key = (account.id, flow_id.strip().upper())

    async def read() -> store.FlowRow | None:
        async with runtime.db.read() as session:
            return await store.find_flow(session, account.id, flow_id)

    flow: store.FlowRow | None = await runtime.flows.load(flow_key, read)
    if flow is None or not flow.active:
        return ApiError(ResponseCode.INVALID_FLOW_ID, f"No active flow {flow_id!r}.")
    return Caller(account, flow)


async def create_from_api(runtime: Runtime, body: bytes, client_ip: str | None) -> CreateResponse:
    """`POST /kairos-apis/outbound/create`, from raw body to answer."""
    envelope = parse_create(body)
    if isinstance(envelope, ApiError):
        return refusal(envelope)
    caller = await authenticate(runtime, envelope.security_id, envelope.flow_id, client_ip)
    if isinstance(caller, ApiError):
        return refusal(caller)
    listed = check_list(envelope)
    if listed is not None:
        return refusal(listed)
    validated = validate_calls(envelope, now=runtime.now(), tz=caller.account.timezone)
    timings = [timing_of_start(c.raw_start_time) for c in validated.accepted]
    return await submit(runtime, caller, validated, timings, source="api")


async def submit(
    runtime: Runtime,
    caller: Caller,
    validated: ValidatedCalls,
    timings: Sequence[str],
    *,
    source: str,
) -> CreateResponse:
    """Store the accepted calls (or find their first twin) and answer."""
    rejected = [r.detail() for r in validated.rejected]
    if not validated.accepted:
        return CreateResponse(
            api_response_code=validated.code.value,
            api_response_message=validated.code.message,
            call_details=rejected,
        )
    now = runtime.now()
    fingerprint = request_fingerprint(
        caller.account.id,
        caller.flow.flow_id,
        [
            CallFingerprintPart(c.client_identifier, c.numbers, c.keys, t)
            for c, t in zip(validated.accepted, timings, strict=True)
        ],
    )
    request_id = str(uuid.uuid4())
    accepted = [_detail(c) for c in validated.accepted]
    details = sorted(
        [(c.index, d) for c, d in zip(validated.accepted, accepted, strict=True)]
        + [(r.index, d) for r, d in zip(validated.rejected, rejected, strict=True)],
        key=lambda pair: pair[0],
    )
    ordered = [d for _, d in details]
    request = {
        "id": request_id,
        "account_id": caller.account.id,
        "flow_pk": caller.flow.id,
        "fingerprint": fingerprint,
        "source": source,
        "call_details": [d.wire() for d in ordered],
        "created_at": now,
    }
    calls = _call_rows(caller, request_id, validated.accepted, accepted, now)
    first = await store.store_request(runtime.db, request, calls, now - REPEAT_WINDOW)
    if first is not None:
        first_id, first_details = first
        return CreateResponse(
            api_response_code=ResponseCode.CHECKSUM_REPEATED.value,
            api_response_message=ResponseCode.CHECKSUM_REPEATED.message,
            request_id=first_id,
            call_details=[CallDetail.model_validate(d) for d in first_details],
        )
    return CreateResponse(
        api_response_code=validated.code.value,
        api_response_message=validated.code.message,
        request_id=request_id,
        call_details=ordered,
    )


def _detail(call: AcceptedCall) -> CallDetail:
    return CallDetail(client_identifier=call.client_identifier, phonon_uuid=str(uuid.uuid4()))


def _call_rows(
    caller: Caller,
    request_id: str,
    calls: Sequence[AcceptedCall],
    details: Sequence[CallDetail],
    now: datetime,
) -> list[dict[str, Any]]:
    rows = []
    for call, detail in zip(calls, details, strict=True):
        assert detail.phonon_uuid is not None
        rows.append(
            {
                "phonon_uuid": detail.phonon_uuid,
                "request_id": request_id,
                "account_id": caller.account.id,
                "flow_pk": caller.flow.id,
                "client_identifier": call.client_identifier,
                "numbers": list(call.numbers),
                "keys": [[name, value] for name, value in call.keys],
                "state": store.SCHEDULED,
                "due_at": hours.due_time(call.start_at, caller.account, caller.flow),
                "attempt_number": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows
