"""allocateAgent / releaseAgent: give a call to the longest-idle agent, and end it.

Allocation never offers a paused or busy agent, and two allocations running at the same
time never get the same agent (the row is locked with SKIP LOCKED on PostgreSQL).
Release ends the agent's call and starts a pause that was asked for during it.
"""

from __future__ import annotations

from flowhooks.agents import service, states
from flowhooks.methods.agent_pause import ACCOUNT, CLI, SERVICE, STATUS_OUTPUTS
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output


async def allocate(ctx: Context, inputs: Inputs) -> dict[str, str]:
    assert ctx.account is not None  # AccountRule.REQUIRED
    agent = await service.allocate(ctx.db, ctx.account.id, ctx.now())
    if agent is None:
        return {"agentFound": "false", "agentCli": "", "agentName": ""}
    ctx.log.info("agent_allocated")
    return {"agentFound": "true", "agentCli": agent.number, "agentName": agent.name}


async def release(ctx: Context, inputs: Inputs) -> dict[str, str]:
    assert ctx.account is not None  # AccountRule.REQUIRED
    agent = await service.release(ctx.db, ctx.account.id, inputs["cli"], ctx.now())
    return {
        "agentStatus": agent.state.status.value,
        "pendingStatus": states.pending_label(agent.state),
    }


ALLOCATE = Method(
    name="allocateAgent",
    service=SERVICE,
    summary="Give the call to the longest-idle available agent of the account.",
    description=(
        "The chosen agent becomes ON_CALL until `releaseAgent`. Paused and busy agents are "
        "never chosen. When nobody is available the answer is a SUCCESS with "
        "agentFound=false, so the flow can queue or play a message."
    ),
    account=AccountRule.REQUIRED,
    inputs=(ACCOUNT,),
    outputs=(
        Output("agentFound", "true", "Whether an agent was available."),
        Output("agentCli", "+919979746666", "The chosen agent's number (E.164) to dial."),
        Output("agentName", "Asha", "The chosen agent's name."),
    ),
    examples=(Example({"$flow.key.accountID": "1"}),),
    run=allocate,
)

RELEASE = Method(
    name="releaseAgent",
    service=SERVICE,
    summary="End an agent's call; a pause asked for during the call starts now.",
    description=(
        "Releasing an agent who is not on a call changes nothing. An unknown number is a "
        "404 AGENT_NOT_FOUND."
    ),
    account=AccountRule.REQUIRED,
    inputs=(CLI, ACCOUNT),
    outputs=STATUS_OUTPUTS,
    examples=(Example({"$flow.key.cli": "+91 99797 46666", "$flow.key.accountID": "1"}),),
    run=release,
)
