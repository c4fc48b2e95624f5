"""The outbound API doors: create, pull, and the dialers' status reports.

Each answer carries the contract's `api-response-code` in its body and an honest HTTP
status (200 for accepted codes, 401 bad security ID, 404 unknown flow, 422 rule broken…).
Status reports are checked before anything is read from them: the signed JSON report
(`X-Flowhooks-Signature`, flow's dialer secret; bad → 401, unknown UUID → 404) and
Exotel's StatusCallback (the per-attempt token in its URL).
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request, Response
from pydantic import ValidationError

from flowhooks.errors import InvalidFormat, ServiceUnavailable, Unauthorized
from flowhooks.http.answers import outbound_response
from flowhooks.http.deps import client_ip, runtime
from flowhooks.http.openapi import json_body_doc
from flowhooks.outbound import intake, pull
from flowhooks.outbound.api_models import (
    MAX_ATTEMPT_NUMBER,
    CreateRequest,
    PullRequest,
    ResponseCode,
    StatusReport,
)
from flowhooks.outbound.dialers.base import idempotency_key
from flowhooks.outbound.dialers.exotel import status_report
from flowhooks.outbound.results import UnknownCall, apply_report
from flowhooks.outbound.signing import SIGNATURE_HEADER, verify, verify_callback_token
from flowhooks.runtime import Runtime
from flowhooks.store import outbound as store

router = APIRouter(prefix="/kairos-apis/outbound", tags=["outbound"])


def _json(data: dict[str, Any], status: int) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


@router.post(
    "/create",
    summary="Create outbound calls (the original platform's Outbound Make Call API)",
    openapi_extra=json_body_doc(CreateRequest),
)
async def create(request: Request) -> Response:
    body = await request.body()  # BodyLimit caps it
    try:
        answer = await intake.create_from_api(runtime(request), body, client_ip(request))
    except ServiceUnavailable as exc:
        return _failure(exc)
    return _json(answer.wire(), ResponseCode(answer.api_response_code).http_status)


def _failure(exc: ServiceUnavailable) -> Response:
    """500 FAILURE: nothing was stored (the transaction rolled back); the caller may retry
    (after Retry-After when the database was unreachable)."""
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return outbound_response(ResponseCode.FAILURE.value, exc.message, 500, headers)


@router.post(
    "/pull",
    summary="The attempts of outbound calls (fetch-attempt ALL or LAST)",
    openapi_extra=json_body_doc(PullRequest),
)
async def pull_calls(request: Request) -> Response:
    body = await request.body()  # BodyLimit caps it
    try:
        answer = await pull.pull(runtime(request), body, client_ip(request))
    except ServiceUnavailable as exc:
        return _failure(exc)
    return _json(answer.wire(), ResponseCode(answer.api_response_code).http_status)


async def _apply(rt: Runtime, report: StatusReport, secret_check: Any) -> bool:
    async with rt.db.session() as session:
        call = await store.get_call(session, report.phonon_uuid, lock=True)
        if call is None:
            raise UnknownCall(f"No call {report.phonon_uuid}")
        flow = await session.get(store.FlowRow, call.flow_pk)
        account = await rt.account(call.account_id)
        if flow is None or account is None:
            raise UnknownCall(f"No call {report.phonon_uuid}")
        if not secret_check(flow.dialer_secret):
            raise Unauthorized("The signature does not match the flow's dialer secret")
        return await apply_report(session, report, call, flow, account, rt.now())


def _ack(changed: bool) -> Response:
    message = "Recorded" if changed else "Already recorded"
    return outbound_response(ResponseCode.SUCCESS.value, message, 200)


@router.post(
    "/status",
    summary="A dialer reports an attempt's result (signed like the hand-off)",
    openapi_extra=json_body_doc(StatusReport),
)
async def status(request: Request) -> Response:
    body = await request.body()  # BodyLimit caps it
    try:
        report = StatusReport.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidFormat(f"Not a status report: {where}: {first['msg']}") from None
    signature = request.headers.get(SIGNATURE_HEADER)
    changed = await _apply(runtime(request), report, lambda secret: verify(secret, body, signature))
    return _ack(changed)


_EXOTEL_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        name: {"type": "string"}
                        for name in (
                            "CallSid",
                            "Status",
                            "EventType",
                            "StartTime",
                            "EndTime",
                            "DateUpdated",
                            "ConversationDuration",
                            "RecordingUrl",
                        )
                    },
                }
            }
        },
    }
}


@router.post(
    "/status/exotel/{phonon_uuid}/{attempt_number}/{token}",
    summary="Exotel's StatusCallback for one attempt",
    openapi_extra=_EXOTEL_FORM,
)
async def exotel_status(
    request: Request,
    phonon_uuid: str,
    attempt_number: Annotated[int, Path(ge=1, le=MAX_ATTEMPT_NUMBER)],
    token: str,
) -> Response:
    rt = runtime(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    async with rt.db.read() as session:
        call = await store.get_call(session, phonon_uuid)
    if call is None:
        raise UnknownCall(f"No call {phonon_uuid}")
    try:
        report = status_report(form, phonon_uuid=phonon_uuid, attempt_number=attempt_number)
    except (ValueError, ValidationError) as exc:
        raise InvalidFormat(f"Not an Exotel StatusCallback: {exc}") from None
    key = idempotency_key(phonon_uuid, attempt_number)
    changed = await _apply(rt, report, lambda secret: verify_callback_token(secret, key, token))
    return _ack(changed)
