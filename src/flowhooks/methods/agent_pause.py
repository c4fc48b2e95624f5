"""updatePauseStatusForCLI: a Direct Dial agent calls in to go on or off break.

The agent is found by the calling number (`$flow.key.cli`, any common form, normalised to
E.164). A pause asked for during a call is kept as the agent's pending status and starts
when the call is released, as Amazon Connect's "next status" does.
"""

from __future__ import annotations

from flowhooks import kinds
from flowhooks.agents import service, states
from flowhooks.agents.states import PauseRequest
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

SERVICE = "centraloutboundwebhook-v1"

CLI = Param(
    "cli",
    kinds.Phone(),
    required=True,
    example="+91 99797 46666",
    description="The agent's phone number, as registered for the account.",
)
ACCOUNT = Param(
    "accountID",
    kinds.Integer(minimum=1),
    example="1",
    description=("The account the agent belongs to."),
)
STATUS_OUTPUTS = (
    Output("agentStatus", "PAUSED", "AVAILABLE, PAUSED or ON_CALL."),
    Output(
        "pendingStatus",
        "NONE",
        "PAUSED when a pause waits for the current call to end, else NONE.",
    ),
)


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    assert ctx.account is not None  # AccountRule.REQUIRED
    wanted = PauseRequest(inputs.get("pauseStatus", "toggle"))
    agent = await service.change_pause(
        ctx.db, ctx.account, inputs["cli"], wanted, inputs["pauseReason"], ctx.now()
    )
    ctx.log.info("agent_pause_changed", agent_status=agent.state.status.value)
    return {
        "cli_pause_update": states.pause_update_label(agent.state),
        "agentStatus": agent.state.status.value,
        "pendingStatus": states.pending_label(agent.state),
        "pauseReason": agent.state.reason or agent.state.pending_reason or "",
    }


METHOD = Method(
    name="updatePauseStatusForCLI",
    service=SERVICE,
    summary="Put a Direct Dial agent on or off break; agents on break are offered no calls.",
    description=(
        "`pauseStatus` is pause, unpause or toggle (default). During a call a pause becomes "
        "pending (`pendingStatus=PAUSED`) and starts when the call ends; unpause or toggle "
        "cancels it. When the account has pause codes, `pauseReason` must be one of them. "
        "An unknown number is a 404 AGENT_NOT_FOUND. Every change is kept for break reports."
    ),
    account=AccountRule.REQUIRED,
    inputs=(
        CLI,
        Param(
            "pauseStatus",
            kinds.Choice(("pause", "unpause", "toggle")),
            default="toggle",
            example="pause",
            description="What the agent asks for.",
        ),
        Param(
            "pauseReason",
            kinds.Text(max_length=64),
            example="LUNCH",
            description="Why; one of the account's pause codes when it has them.",
        ),
        ACCOUNT,
    ),
    outputs=(
        Output("cli_pause_update", "paused", "paused (now or when the call ends) or unpaused."),
        *STATUS_OUTPUTS,
        Output("pauseReason", "LUNCH", "The reason of the current or pending break, if any."),
    ),
    examples=(
        Example(
            {
                "$flow.key.cli": "+91 99797 46666",
                "$flow.key.pauseStatus": "pause",
                "$flow.key.pauseReason": "LUNCH",
                "$flow.key.accountID": "1",
            }
        ),
    ),
    run=run,
)
