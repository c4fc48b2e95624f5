"""getFlowVariables: an outbound flow loads the keys its creator passed with the call.

Given `$flow.key.phononUUID` it answers every key the call was created with, each under
its own name (a bare name is a `$flow.key.` variable; a full name is kept). When the
request carries an account, a call of another account is as unknown as a missing one.
"""

from __future__ import annotations

from flowhooks import kinds
from flowhooks.outbound.results import UnknownCall
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param
from flowhooks.store import outbound as store


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    uuid: str = inputs["phononUUID"].strip()
    async with ctx.db.read() as session:
        call = await store.get_call(session, uuid)
    if call is None or (ctx.account is not None and call.account_id != ctx.account.id):
        raise UnknownCall(f"No outbound call {uuid}")
    ctx.found_account_id = call.account_id
    return {pair[0]: pair[1] for pair in call.keys}


METHOD = Method(
    name="getFlowVariables",
    service="centraloutboundwebhook-v1",
    summary="Answer the keys an outbound call was created with.",
    description=(
        "An outbound flow passes its phonon UUID and gets back every key its creator sent "
        "(createOutbound's extra variables, or the create API's `keys`), each under its own "
        "name. An unknown UUID is a 404 UNKNOWN_PHONON_UUID."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        Param(
            "phononUUID",
            kinds.Text(max_length=36, allow_empty=False),
            required=True,
            example="0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b",
            description="The call's phonon UUID (obdPhononUUID of createOutbound).",
        ),
    ),
    outputs=(Output("<name>", "Asha", "Every key the call was created with, under its own name."),),
    dynamic_outputs="One output per key the call was created with.",
    examples=(Example({"$flow.key.phononUUID": "0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b"}),),
    run=run,
)
