"""createOutbound — "Initiate Outbound Flow": a running flow asks for a call back later.

It is the outbound create API with one call starting `delayMinutes` from now, the extra
`$flow.key.*` variables handed to the outbound flow as its keys. An IVR retry of the same
request within ten minutes answers 201 with the first IDs and is never dialled twice.
"""

from __future__ import annotations

from datetime import timedelta

from flowhooks import kinds
from flowhooks.accounts.demo import DEMO_SECURITY_ID
from flowhooks.auth.webhook import ACCOUNT_VARIABLE
from flowhooks.outbound.api_models import ResponseCode
from flowhooks.outbound.checksum import timing_of_delay
from flowhooks.outbound.phone import normalize_alternates
from flowhooks.outbound.refusals import refusal_error
from flowhooks.outbound.validation import (
    SUPPORTED_API_VERSIONS,
    AcceptedCall,
    ApiError,
    ValidatedCalls,
)
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

SERVICE = "centraloutboundwebhook-v1"
MAX_DELAY_MINUTES = 43200
SYSKEY = "$flow.syskey"


def _keys(inputs: Inputs) -> tuple[tuple[str, str], ...]:
    """The extra $flow.key variables, under their bare names, null as empty; `accountID`
    names the caller's account and is not a key of the call."""
    bare = ((name.rsplit(".", 1)[-1], value or "") for name, value in inputs.extras)
    return tuple((name, value) for name, value in bare if name.lower() != ACCOUNT_VARIABLE)


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    version = (inputs.get("apiVersion") or "1.0").strip()
    if version not in SUPPORTED_API_VERSIONS:
        raise refusal_error(
            ResponseCode.INVALID_API_VERSION, f"{SYSKEY}.apiVersion is {version[:20]!r}; use 1.0"
        )
    caller = await ctx.outbound.authenticate(
        inputs["securityID"], inputs["flowID"], client_ip=ctx.client_ip
    )
    if isinstance(caller, ApiError):
        raise refusal_error(caller.code, caller.message)
    ctx.found_account_id = caller.account.id
    if ctx.account is not None and ctx.account.id != caller.account.id:
        raise refusal_error(ResponseCode.INVALID_SECURITY_ID, "it belongs to another account")
    try:
        numbers = normalize_alternates([inputs["contactNumbers"]])
    except ValueError as exc:
        raise refusal_error(
            ResponseCode.INVALID_CONTACT_NUMBER, f"{SYSKEY}.contactNumbers: {exc}"
        ) from None
    if not numbers:
        raise refusal_error(
            ResponseCode.INVALID_CONTACT_NUMBER, f"{SYSKEY}.contactNumbers has no number"
        )
    delay: int = inputs.get("delayMinutes", 0)
    call = AcceptedCall(
        index=0,
        client_identifier=(inputs.get("clientID") or "")[:128],
        numbers=numbers,
        start_at=ctx.now() + timedelta(minutes=delay),
        keys=_keys(inputs),
    )
    answer = await ctx.outbound.submit(
        caller,
        ValidatedCalls((call,), ()),
        [timing_of_delay(delay)],
        source="webhook",
    )
    code = ResponseCode(answer.api_response_code)
    if not code.accepted:
        raise refusal_error(code, answer.api_response_message)
    ctx.log.info("outbound_created", code=code.value, request_id=answer.request_id)
    return {
        "obdResponseCode": str(code.value),
        "obdResponseMessage": code.message,
        "obdReqID": answer.request_id or "",
        "obdPhononUUID": answer.call_details[0].phonon_uuid or "",
    }


METHOD = Method(
    name="createOutbound",
    service=SERVICE,
    summary="Schedule an outbound flow to call a number back after a delay.",
    description=(
        "The outbound create API with one call starting `delayMinutes` from now (0 to 43200); "
        "alternates in `contactNumbers` are separated by commas and spaces inside a number are "
        "ignored. Every other `$flow.key.*` variable becomes a key of the outbound flow "
        "(getFlowVariables reads them back). A refusal is a FAILED answer whose errorCode "
        "names the outbound code (INVALID_SECURITY_ID, INVALID_FLOW_ID, INVALID_CONTACT_NUMBER, "
        "…) and whose message starts with its number (202, 301, 205, …). The same request "
        "again within 10 minutes answers obdResponseCode 201 with the first IDs."
    ),
    account=AccountRule.OPTIONAL,
    extras="$flow.key",
    inputs=(
        Param(
            "apiVersion",
            kinds.Text(max_length=10),
            scope=SYSKEY,
            example="1.0",
            default="1.0",
            description="Outbound API version; only 1.0.",
        ),
        Param(
            "securityID",
            kinds.Text(max_length=200, allow_empty=False),
            scope=SYSKEY,
            required=True,
            secret=True,
            example=DEMO_SECURITY_ID,
            description="The account's 64-character outbound security ID.",
        ),
        Param(
            "flowID",
            kinds.Text(max_length=8, allow_empty=False),
            scope=SYSKEY,
            required=True,
            example="DEMOFLOW",
            description="The 8-character ID of the outbound flow to start.",
        ),
        Param(
            "clientID",
            kinds.Text(max_length=128),
            scope=SYSKEY,
            example="loan-42",
            description="The caller's own reference for the call (client-identifier).",
        ),
        Param(
            "delayMinutes",
            kinds.Integer(minimum=0, maximum=MAX_DELAY_MINUTES),
            scope=SYSKEY,
            example="10",
            default="0",
            description="Minutes from now before the first attempt (0 = now).",
        ),
        Param(
            "contactNumbers",
            kinds.Text(max_length=500, allow_empty=False),
            scope=SYSKEY,
            required=True,
            example="91997974 6666, 09876543210",
            description="The number to call, then alternates, separated by commas.",
        ),
    ),
    outputs=(
        Output("obdResponseCode", "200", "200, or 201 when the request was a repeat."),
        Output("obdResponseMessage", "Success", "The code's message."),
        Output("obdReqID", "3f0c…", "The request ID."),
        Output("obdPhononUUID", "a8d2…", "The call's phonon UUID (for getFlowVariables, pull)."),
    ),
    examples=(
        Example(
            {
                "$flow.syskey.securityID": DEMO_SECURITY_ID,
                "$flow.syskey.flowID": "DEMOFLOW",
                "$flow.syskey.delayMinutes": "0",
                "$flow.syskey.contactNumbers": "91997974 6666",
                "$flow.key.customerName": "Asha",
            }
        ),
    ),
    run=run,
)
