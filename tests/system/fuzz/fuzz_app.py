"""The app the fuzz tests drive: SQLite, the demo account seeded, providers on a closed port.

The demo account (id 1, custToken abcd1234) gets webhook Basic credentials too, so a fuzzed
webhook call can name its account the way a deployment with FLOWHOOKS_WEBHOOK_AUTH=basic does.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from flowhooks.accounts import demo, service
from flowhooks.http.app import create_app
from flowhooks.settings import Settings
from flowhooks.store import accounts as account_store
from flowhooks.store import agents, migrate
from flowhooks.store.database import Database
from tests.system.fuzz.offline import closed_port, proxies_to

ADMIN_TOKEN = "fuzz-admin-token"
BASIC_USER = "demo-flow"
BASIC_PASSWORD = "demo-flow-password"
BASIC_HEADER = "Basic " + base64.b64encode(f"{BASIC_USER}:{BASIC_PASSWORD}".encode()).decode()
ADMIN_HEADER = f"Bearer {ADMIN_TOKEN}"
CUST_TOKEN = demo.DEMO_CUST_TOKEN
AGENT = "+919979746666"  # the agent methods' example number


async def prepare_database(url: str) -> None:
    """Migrate, seed the demo account (with its outbound flow DEMOFLOW, never dialled here:
    no background work runs), give it webhook Basic credentials and the agent the methods'
    examples name (so fuzzed calls get past "not found")."""
    db = Database(url, pool_size=2)
    try:
        await migrate.upgrade(db)
        await demo.seed(db)
        async with db.session() as session:
            row = await account_store.get(session, demo.DEMO_ACCOUNT_ID)
            assert row is not None
            await service.set_basic_auth(session, row, BASIC_USER, BASIC_PASSWORD)
            await agents.add(session, row.id, AGENT, "Fuzz agent", datetime.now(UTC))
    finally:
        await db.dispose()


def build_app(url: str, data_dir: Path, **overrides: Any) -> FastAPI:
    """An app (not started) whose every outbound HTTP request ends on a closed local port."""
    port = closed_port()
    values: dict[str, Any] = {
        "database_url": url,
        "admin_token": ADMIN_TOKEN,
        "google_translate_url": f"http://127.0.0.1:{port}",
        "invocation_flush_seconds": 0.05,
        "account_cache_seconds": 0,
        "data_dir": str(data_dir),
    }
    values.update(overrides)
    with proxies_to(port):  # the app's HTTP client is built here and keeps these proxies
        return create_app(Settings(**values), migrate_on_start=False, background=False)
