"""Rows the store tests stand on: an account, an outbound flow."""

from __future__ import annotations

from flowhooks.store.accounts import AccountRow
from flowhooks.store.database import Database
from flowhooks.store.outbound import FlowRow


async def an_account(db: Database, account_id: int = 7) -> int:
    async with db.session() as session:
        session.add(AccountRow(id=account_id, name="Store tests", timezone="Asia/Kolkata"))
    return account_id


async def a_flow(db: Database, account_id: int) -> int:
    async with db.session() as session:
        flow = FlowRow(account_id=account_id, flow_id="F1", dialer_kind="http", dialer_secret="s")
        session.add(flow)
        await session.flush()
        return flow.id
