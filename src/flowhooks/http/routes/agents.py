"""The agents admin API: register Direct Dial agents, allocate and release them, breaks.

Under /api/v1/accounts/{account_id}/agents, behind the admin token, as the dialer and the
console reach it. Thin: every change goes through `flowhooks.agents.service`, exactly as
the webhook methods and the CLI do. Agents are addressed by their number in any common
form (normalised to E.164).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from flowhooks import phones
from flowhooks.accounts import Account
from flowhooks.agents import service
from flowhooks.agents.breaks import UNSPECIFIED, seconds
from flowhooks.auth.api_tokens import require_admin
from flowhooks.errors import InvalidParameter, NotFound
from flowhooks.http.deps import AccountId, runtime
from flowhooks.store import agents as store

router = APIRouter(
    prefix="/api/v1/accounts/{account_id}",
    tags=["agents"],
    dependencies=[Depends(require_admin)],
)


class AgentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cli: str = Field(min_length=3, max_length=32, description="The agent's phone number.")
    name: str = Field(min_length=1, max_length=200)


def _number(raw: str) -> str:
    try:
        return phones.normalize(raw)
    except ValueError as exc:
        raise InvalidParameter("cli", phones.EXPECTED_FORM, raw, str(exc)) from None


async def _account(request: Request, account_id: int) -> Account:
    account = await runtime(request).account(account_id)
    if account is None:
        raise NotFound(f"no account {account_id}")
    return account


@router.post("/agents", status_code=201, summary="Register a Direct Dial agent")
async def add_agent(request: Request, account_id: AccountId, body: AgentCreate) -> dict[str, Any]:
    rt = runtime(request)
    await _account(request, account_id)
    async with rt.db.session() as session:
        row = await store.add(session, account_id, _number(body.cli), body.name.strip(), rt.now())
        view = service.AgentView(row.number, row.name, row.state())
    return view.as_dict()


@router.get("/agents", summary="List the account's agents and their states")
async def list_agents(request: Request, account_id: AccountId) -> dict[str, Any]:
    await _account(request, account_id)
    async with runtime(request).db.read() as session:
        rows = await store.list_of(session, account_id)
        return {"agents": [service.AgentView(r.number, r.name, r.state()).as_dict() for r in rows]}


@router.delete("/agents/{cli}", status_code=204, summary="Remove an agent and its history")
async def remove_agent(request: Request, account_id: AccountId, cli: str) -> None:
    async with runtime(request).db.session() as session:
        if not await store.remove(session, account_id, _number(cli)):
            raise store.AgentNotFound(f"no agent {cli} in account {account_id}")


@router.post("/agents/allocate", summary="Give a call to the longest-idle available agent")
async def allocate_agent(request: Request, account_id: AccountId) -> dict[str, Any]:
    rt = runtime(request)
    await _account(request, account_id)
    agent = await service.allocate(rt.db, account_id, rt.now())
    return {"allocated": agent is not None, "agent": agent.as_dict() if agent else None}


@router.post("/agents/{cli}/release", summary="End an agent's call (starts a pending pause)")
async def release_agent(request: Request, account_id: AccountId, cli: str) -> dict[str, Any]:
    rt = runtime(request)
    agent = await service.release(rt.db, account_id, _number(cli), rt.now())
    return agent.as_dict()


@router.get("/agent-breaks", summary="Break report per agent and local day")
async def agent_breaks(
    request: Request,
    account_id: AccountId,
    from_: date = Query(alias="from", description="First local day (YYYY-MM-DD)."),
    to: date = Query(description="Last local day, inclusive."),
    cli: str | None = Query(default=None, description="Only this agent."),
) -> dict[str, Any]:
    rt = runtime(request)
    account = await _account(request, account_id)
    if to < from_ or (to - from_).days > 92:
        raise InvalidParameter("to", "a day on or after `from`, at most 92 days later", str(to))
    number = _number(cli) if cli else None
    report = await service.break_report(rt.db, account, from_, to, rt.now(), number)
    return {
        "accountID": account_id,
        "timezone": account.timezone_name,
        "from": from_.isoformat(),
        "to": to.isoformat(),
        "unspecifiedReason": UNSPECIFIED,
        "agents": [
            {
                "cli": agent.number,
                "name": agent.name,
                "days": [
                    {
                        "day": day.day.isoformat(),
                        "pausedSeconds": seconds(day.paused),
                        "breaks": day.breaks,
                        "byReason": {k: seconds(v) for k, v in sorted(day.by_reason.items())},
                    }
                    for day in days
                ],
            }
            for agent, days in report
        ],
    }
