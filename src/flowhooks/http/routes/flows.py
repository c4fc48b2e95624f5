"""Admin API for outbound flows under /api/v1/accounts/{id}/flows (admin token required).

Thin: validation and changes go through `flowhooks.outbound.flows`, exactly as the CLI's
`flowhooks flows …` does. The dialer secret is shown once, in the create answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from flowhooks.accounts import service
from flowhooks.auth.api_tokens import require_admin
from flowhooks.http.deps import AccountId, runtime
from flowhooks.outbound import flows
from flowhooks.outbound.flows import FlowCreate
from flowhooks.store import outbound as store

router = APIRouter(
    prefix="/api/v1/accounts/{account_id}/flows",
    tags=["admin"],
    dependencies=[Depends(require_admin)],
)


@router.post("", status_code=201, summary="Create an outbound flow (dialer secret shown once)")
async def create_flow(
    request: Request,
    account_id: AccountId,
    body: Annotated[dict[str, Any], Body(examples=[{"flowId": "DEMOFLOW", "dialer": "http"}])],
) -> dict[str, Any]:
    change = flows.parse_change(body, creating=True)
    assert isinstance(change, FlowCreate)
    async with runtime(request).db.session() as session:
        await service.get_or_404(session, account_id)
        row = await flows.create(session, account_id, change)
        return flows.public_view(row) | {"dialerSecret": row.dialer_secret}


@router.get("", summary="List an account's outbound flows")
async def list_flows(request: Request, account_id: AccountId) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        await service.get_or_404(session, account_id)
        rows = await store.flows_of(session, account_id)
        return {"flows": [flows.public_view(r) for r in rows]}


@router.get("/{flow_id}", summary="Show an outbound flow")
async def show_flow(request: Request, account_id: AccountId, flow_id: str) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        return flows.public_view(await flows.get_or_404(session, account_id, flow_id))


@router.patch("/{flow_id}", summary="Change an outbound flow")
async def update_flow(
    request: Request, account_id: AccountId, flow_id: str, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    change = flows.parse_change(body, creating=False)
    rt = runtime(request)
    async with rt.db.session() as session:
        view = flows.public_view(await flows.update(session, account_id, flow_id, change))
    rt.forget_account(account_id)  # this process sees the change now, others within seconds
    return view
