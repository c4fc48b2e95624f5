"""The demo account (id 1, custToken abcd1234) so every catalogue example works as written:
its outbound flow DEMOFLOW and security ID (createOutbound, Pullreport); seed_examples adds
an agent (updatePauseStatusForCLI, allocateAgent, releaseAgent), a finished call
(getFlowVariables) and opens DEMOFLOW at every hour of every day, so that createOutbound's
example reaches ANSWERED on the demo dialer (`flowhooks.outbound.dialers.demo_dialer`)
whenever a newcomer tries it.

Created only by the explicit `flowhooks demo` command, never by a production start.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import service
from flowhooks.errors import NotFound
from flowhooks.outbound import flows
from flowhooks.outbound.scheduling import CallState
from flowhooks.store import accounts as account_store
from flowhooks.store import agents as agent_store
from flowhooks.store import outbound as outbound_store
from flowhooks.store.database import Database

DEMO_ACCOUNT_ID = 1
DEMO_CUST_TOKEN = "abcd1234"  # noqa: S105 - the seed documents this token as static
# 64 characters, as the original platform's security IDs are.
DEMO_SECURITY_ID = "demo-security-id-0000000000000000000000000000000000000000000000000"[:64]
DEMO_SETTINGS: dict[str, object] = {
    "shortlinks": {"bot_url_template": "https://bot.example.com/chat?botid={botid}"},
}
CONSOLE_ADMIN = "admin"
# The demo outbound flow, so createOutbound's example works: an http dialer on this machine,
# the demo dialer that `flowhooks demo` runs there (or point the flow elsewhere with
# `flowhooks flows update`).
DEMO_FLOW_ID = "DEMOFLOW"
DEMO_DIALER_URL = "http://127.0.0.1:8090/dial"
# The agent of the agent methods' examples (updatePauseStatusForCLI, releaseAgent…).
DEMO_AGENT_NUMBER = "+919979746666"
# The finished outbound call whose keys getFlowVariables' example reads back.
DEMO_CALL_UUID = "0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b"
# DEMOFLOW's calling hours once seed_examples ran: any time (with no business-day rule).
DEMO_CALLING_HOURS = "00:00-24:00"


async def seed(db: Database) -> tuple[bool, str]:
    """Create the demo account if missing; returns (created, a new admin token)."""
    async with db.session() as session:
        created = False
        if await account_store.get(session, DEMO_ACCOUNT_ID) is None:
            await service.create(
                session,
                account_id=DEMO_ACCOUNT_ID,
                name="Demo",
                settings=dict(DEMO_SETTINGS),
                cust_token=DEMO_CUST_TOKEN,
                security_id=DEMO_SECURITY_ID,
            )
            created = True
        if await outbound_store.find_flow(session, DEMO_ACCOUNT_ID, DEMO_FLOW_ID) is None:
            demo_flow = flows.FlowCreate.model_validate(
                {
                    "flowId": DEMO_FLOW_ID,
                    "name": "Demo outbound flow",
                    "dialer": "http",
                    "dialerUrl": DEMO_DIALER_URL,
                }
            )
            await flows.create(session, DEMO_ACCOUNT_ID, demo_flow)
        admin_token = await service.add_token(
            session, None, "admin_token", secrets.token_urlsafe(24)
        )
    return created, admin_token


async def seed_examples(db: Database) -> None:
    """What the catalogue's examples read besides the account (run after `seed`, by
    `flowhooks demo`): the agent DEMO_AGENT_NUMBER, the finished call DEMO_CALL_UUID, and
    DEMOFLOW callable at any hour on any day (the account's business-day rule off), so a
    call placed at night or on a holiday is dialled at once. Kept apart from `seed` so
    tests that count agents or calls, or rely on calling hours, start from the defaults."""
    async with db.session() as session:
        any_time = flows.FlowChange.model_validate({"callingHours": DEMO_CALLING_HOURS})
        await flows.update(session, DEMO_ACCOUNT_ID, DEMO_FLOW_ID, any_time)
        await service.update(
            session, DEMO_ACCOUNT_ID, settings={"outbound": {"business_days_only": False}}
        )
        if await agent_store.find(session, DEMO_ACCOUNT_ID, DEMO_AGENT_NUMBER) is None:
            await agent_store.add(
                session, DEMO_ACCOUNT_ID, DEMO_AGENT_NUMBER, "Demo agent", datetime.now(UTC)
            )
        if await outbound_store.get_call(session, DEMO_CALL_UUID) is None:
            await _seed_call(session)


async def _seed_call(session: AsyncSession) -> None:
    """A completed call of the demo flow with one key (customerName), never dialled."""
    flow = await outbound_store.find_flow(session, DEMO_ACCOUNT_ID, DEMO_FLOW_ID)
    assert flow is not None
    now = datetime.now(UTC)
    request_id = str(uuid.UUID(int=1))
    session.add(
        outbound_store.RequestRow(
            id=request_id,
            account_id=DEMO_ACCOUNT_ID,
            flow_pk=flow.id,
            fingerprint="demo",
            source="demo",
            call_details=[{"client-identifier": "demo", "phonon-uuid": DEMO_CALL_UUID}],
            created_at=now,
        )
    )
    await session.flush()
    session.add(
        outbound_store.CallRow(
            phonon_uuid=DEMO_CALL_UUID,
            request_id=request_id,
            account_id=DEMO_ACCOUNT_ID,
            flow_pk=flow.id,
            client_identifier="demo",
            numbers=[DEMO_AGENT_NUMBER],
            keys=[["customerName", "Asha"]],
            state=CallState.COMPLETED.value,
            due_at=now,
            created_at=now,
            updated_at=now,
        )
    )


async def dialer_secret(db: Database) -> str:
    """DEMOFLOW's dialer secret, which the demo dialer checks signatures with."""
    async with db.read() as session:
        flow = await outbound_store.find_flow(session, DEMO_ACCOUNT_ID, DEMO_FLOW_ID)
    if flow is None:
        raise NotFound(f"Account {DEMO_ACCOUNT_ID} has no flow {DEMO_FLOW_ID}: run seed first")
    return flow.dialer_secret


async def seed_console_admin(db: Database) -> str:
    """Give the console user `admin` a new random password (creating it); returns it."""
    from flowhooks.auth import console_users as users

    password = users.random_password()
    async with db.session() as session:
        await users.set_password(session, CONSOLE_ADMIN, password)
    return password
