"""`POST /kairos-apis/outbound/pull`: the calls of a flow and their attempts.

The caller proves its account with the security ID and names the flow; UUIDs that are
unknown, or belong to another account or flow, are listed in `unknown-phonon-uuids`
rather than failing the request (a report job asks for hundreds at a time).
"""

from __future__ import annotations

from datetime import datetime

import orjson
from pydantic import ValidationError

from flowhooks.outbound.api_models import (
    AttemptOut,
    AttemptStatus,
    CallOut,
    PullRequest,
    PullResponse,
    ResponseCode,
)
from flowhooks.outbound.intake import authenticate
from flowhooks.outbound.validation import ApiError
from flowhooks.runtime import Runtime
from flowhooks.store import outbound as store
from flowhooks.store.base import as_utc

MAX_UUIDS = 500


def _refuse(code: ResponseCode, message: str | None = None) -> PullResponse:
    return PullResponse(api_response_code=code.value, api_response_message=message or code.message)


def parse_pull(body: bytes) -> PullRequest | PullResponse:
    """The pull request, or its 400 / 210 / 302 / 303 answer."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _refuse(ResponseCode.INVALID_FORMAT, "The body is not JSON.")
    if not isinstance(data, dict):
        return _refuse(ResponseCode.INVALID_FORMAT, "The body is not a JSON object.")
    try:
        request = PullRequest.model_validate(data)
    except ValidationError as exc:
        names = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
        return _refuse(
            ResponseCode.INVALID_MANDATORY_PARAMETERS, f"Missing or invalid: {', '.join(names)}."
        )
    if not request.phonon_uuids:
        return _refuse(ResponseCode.EMPTY_CALL_LIST, "No phonon-uuids.")
    if len(request.phonon_uuids) > MAX_UUIDS:
        return _refuse(ResponseCode.MAX_DATA_LIST_SIZE_EXCEEDED, f"At most {MAX_UUIDS} UUIDs.")
    return request


def _stamp(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


async def pull(runtime: Runtime, body: bytes, client_ip: str | None) -> PullResponse:
    """From raw body to answer."""
    request = parse_pull(body)
    if isinstance(request, PullResponse):
        return request
    caller = await authenticate(runtime, request.security_id, request.flow_id, client_ip)
    if isinstance(caller, ApiError):
        return _refuse(caller.code, caller.message)
    wanted = list(dict.fromkeys(u.strip() for u in request.phonon_uuids))
    async with runtime.db.read() as session:
        calls = [
            c
            for c in await store.calls_by_uuid(session, wanted)
            if c.account_id == caller.account.id and c.flow_pk == caller.flow.id
        ]
        attempts = await store.attempts_of(session, [c.phonon_uuid for c in calls])
    by_call: dict[str, list[AttemptOut]] = {}
    for a in attempts:
        by_call.setdefault(a.phonon_uuid, []).append(
            AttemptOut(
                attempt_number=a.attempt_number,
                number_dialled=a.number,
                status=AttemptStatus(a.status),
                start_time=_stamp(a.start_time),
                connect_time=_stamp(a.connect_time),
                end_time=_stamp(a.end_time),
                duration=a.duration,
                hangup_cause=a.hangup_cause,
                recording_url=a.recording_url,
            )
        )
    found = {c.phonon_uuid: c for c in calls}
    out = []
    for uuid in wanted:
        call = found.get(uuid)
        if call is None:
            continue
        tries = by_call.get(uuid, [])
        out.append(
            CallOut(
                phonon_uuid=uuid,
                client_identifier=call.client_identifier,
                call_status=store.IN_PROGRESS if call.state == store.HANDING_OFF else call.state,
                attempts=tries[-1:] if request.fetch_attempt == "LAST" else tries,
            )
        )
    return PullResponse(
        api_response_code=ResponseCode.SUCCESS.value,
        api_response_message=ResponseCode.SUCCESS.message,
        calls=out,
        unknown_phonon_uuids=[u for u in wanted if u not in found],
    )
