"""getFlowVariables through the real HTTP app: the keys a call was created with."""

from __future__ import annotations

from tests.outbound.fixtures import WEBHOOK, Outbound, create_outbound
from tests.webhook_calls import FLOW, post_webhook, variables


async def test_get_flow_variables(outbound: Outbound) -> None:
    """getFlowVariables answers the keys the call was created with."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    response = await post_webhook(
        outbound.client, "getFlowVariables", {"phononUUID": uuid}, path=WEBHOOK, scope=FLOW
    )
    got = variables(response)
    assert got["$flow.key.customerName"] == "Asha"
    assert got["$flow.key.amount"] == "1200"
    missing = await post_webhook(
        outbound.client, "getFlowVariables", {"phononUUID": "nope"}, path=WEBHOOK, scope=FLOW
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "UNKNOWN_PHONON_UUID"
