"""The demo account (id 1, custToken abcd1234) so the seed's examples work unchanged.

Created only by the explicit `flowhooks demo` command, never by a production start.
"""

from __future__ import annotations

import secrets

from flowhooks.accounts import service
from flowhooks.outbound import flows
from flowhooks.store import accounts as account_store
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
# The demo outbound flow, so createOutbound's example works: an http dialer on this machine
# (run one there, or point the flow elsewhere with `flowhooks flows update`).
DEMO_FLOW_ID = "DEMOFLOW"
DEMO_DIALER_URL = "http://127.0.0.1:8090/dial"


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


async def seed_console_admin(db: Database) -> str:
    """Give the console user `admin` a new random password (creating it); returns it."""
    from flowhooks.auth import console_users as users

    password = users.random_password()
    async with db.session() as session:
        await users.set_password(session, CONSOLE_ADMIN, password)
    return password
