"""PostgreSQL stopped and restarted under load: 503 while down, recovery alone, nothing lost.

A real `flowhooks serve` runs on a private PostgreSQL cluster (the machine's shared one on
5432 is never touched). A handful of concurrent callers write unique values with
updateUserPreferences and read them with fetchUserPreferences; mid-run the cluster is
stopped (`pg_ctl stop -m fast`), left down for a few seconds, and started again. The server
is not restarted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from flowhooks.accounts import demo
from flowhooks.store import migrate
from flowhooks.store.database import Database
from tests.system.faults.live import Answer, Server, call, flowhooks_serve
from tests.system.faults.private_postgres import PrivateCluster

CALLERS = 6
KEYS_PER_CONTACT = 100
OUTAGE_SECONDS = 3.0
RECOVERY_WITHIN_SECONDS = 5.0
FAST_FAILURE_SECONDS = 1.0  # a 503 must come this quickly (the method budget is 7.5 s)
ACCOUNT = str(demo.DEMO_ACCOUNT_ID)


@dataclass
class Load:
    """What the callers sent and saw: every answer, and every write acknowledged with 200."""

    answers: list[Answer] = field(default_factory=list)
    acknowledged: dict[str, dict[str, str]] = field(default_factory=dict)  # contact → key → value
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def after(self, moment: float) -> list[Answer]:
        return [a for a in self.answers if a.started >= moment]

    def successes_after(self, moment: float) -> list[Answer]:
        return [a for a in self.after(moment) if a.status == 200]


async def caller(client: httpx.AsyncClient, number: int, load: Load) -> None:
    """Write a fresh key with a unique value, read the contact back; repeat until stopped."""
    i = 0
    while not load.stop.is_set():
        contact = f"+9198{number:02d}{i // KEYS_PER_CONTACT:06d}"
        key, value = f"k{i % KEYS_PER_CONTACT}", f"value-{number}-{i}"
        user = {"$user.syskey.contactNumber": contact, "$user.syskey.accountID": ACCOUNT}
        update = await call(client, "updateUserPreferences", user | {f"$user.key.{key}": value})
        load.answers.append(update)
        if update.status == 200:
            assert update.values[f"$user.key.{key}"] == value
            load.acknowledged.setdefault(contact, {})[key] = value
        load.answers.append(await call(client, "fetchUserPreferences", user))
        i += 1


@pytest.fixture
async def server(private_cluster: PrivateCluster, tmp_path: Path) -> AsyncIterator[Server]:
    """flowhooks serve on the private cluster, migrated, with the demo account."""
    db = Database(private_cluster.url, pool_size=2)
    try:
        await migrate.upgrade(db)
        await demo.seed(db)
    finally:
        await db.dispose()
    env = {
        "FLOWHOOKS_DATABASE_URL": private_cluster.url,
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "data"),
    }
    async with flowhooks_serve(env, tmp_path / "server.log") as running:
        yield running


async def wait_until(check: Callable[[], bool], within: float) -> float | None:
    """Seconds until ``check()`` is true, or None when it stays false ``within`` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if check():
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    return None


async def invocation_request_ids(url: str) -> dict[str, str | None]:
    """request_id → error_code of every stored invocation row."""
    db = Database(url, pool_size=1)
    try:
        async with db.read() as session:
            rows = await session.execute(sa.text("SELECT request_id, error_code FROM invocations"))
            return {row[0]: row[1] for row in rows}
    finally:
        await db.dispose()


@pytest.mark.postgres
async def test_postgres_restart_under_load(private_cluster: PrivateCluster, server: Server) -> None:
    """While PostgreSQL is down every webhook answers 503 DATABASE_UNAVAILABLE at once (never
    500, never a hang) and /readyz says so; once it is back the same server answers 200 within
    seconds, every acknowledged write reads back, and no invocation row is lost."""
    load = Load()
    limits = httpx.Limits(max_connections=CALLERS * 2)
    async with httpx.AsyncClient(base_url=server.url, timeout=15, limits=limits) as client:
        callers = [asyncio.create_task(caller(client, n, load)) for n in range(CALLERS)]
        try:
            started = time.monotonic()
            warmed = await wait_until(lambda: len(load.successes_after(started)) >= 100, 20)
            assert warmed is not None, "the load never got going"

            await private_cluster.stop_async("fast")
            down_since = time.monotonic()
            await asyncio.sleep(OUTAGE_SECONDS / 2)
            ready_while_down = await client.get("/readyz")
            await asyncio.sleep(OUTAGE_SECONDS / 2)
            restart_began = time.monotonic()

            await private_cluster.start_async()
            up_since = time.monotonic()
            recovered = await wait_until(
                lambda: any(
                    a.method == "updateUserPreferences" for a in load.successes_after(up_since)
                ),
                RECOVERY_WITHIN_SECONDS,
            )
            assert recovered is not None, (
                f"no update succeeded within {RECOVERY_WITHIN_SECONDS} s of the restart"
            )
            settled = time.monotonic()
            await asyncio.sleep(1.5)
            ready_after = await client.get("/readyz")
        finally:
            load.stop.set()
            await asyncio.gather(*callers)

        # Nothing but 200 and 503; every 503 is the database code, with Retry-After, quickly.
        statuses = {a.status for a in load.answers}
        assert statuses <= {200, 503}, statuses
        failures = [a for a in load.answers if a.status == 503]
        assert {a.code for a in failures} == {"DATABASE_UNAVAILABLE"}
        assert all(a.values["$flow.key.errorCode"] == "DATABASE_UNAVAILABLE" for a in failures)
        assert all(a.headers.get("retry-after") == "1" for a in failures)
        slowest = max(a.elapsed for a in failures)
        assert slowest < FAST_FAILURE_SECONDS, f"a 503 took {slowest:.2f} s"

        # While it was down (stopped, not yet starting) every call failed, and there were many.
        during = [a for a in load.after(down_since) if a.started + a.elapsed < restart_began]
        assert len(during) >= 20, len(during)
        assert all(a.status == 503 for a in during), [a.status for a in during]
        assert ready_while_down.status_code == 503
        assert ready_while_down.json()["error"]["code"] == "DATABASE_UNAVAILABLE"
        assert ready_while_down.headers["retry-after"] == "1"

        # Back by itself: the last second of the run is all 200, /readyz too.
        tail = load.after(settled + 0.5)
        assert tail
        assert all(a.status == 200 for a in tail), [a.status for a in tail]
        assert ready_after.status_code == 200

        # Every write acknowledged with 200 reads back with its value.
        acknowledged_after = [
            a for a in load.successes_after(up_since) if a.method == "updateUserPreferences"
        ]
        assert acknowledged_after, "no write was acknowledged after the restart"
        for contact, written in load.acknowledged.items():
            keys = {"$user.syskey.contactNumber": contact, "$user.syskey.accountID": ACCOUNT}
            fetched = await call(client, "fetchUserPreferences", keys)
            assert fetched.status == 200
            stored = {k.removeprefix("$user.key."): v for k, v in fetched.values.items()}
            missing = {k: v for k, v in written.items() if stored.get(k) != v}
            assert not missing, f"{contact}: acknowledged but not stored: {missing}"

    # Every call left its invocation row, those answered during the outage included: the
    # batch writer kept them and wrote them once the database was back.
    answered = {a.request_id: a.code for a in load.answers}

    async def all_logged() -> bool:
        stored = await invocation_request_ids(private_cluster.url)
        return answered.items() <= stored.items()

    deadline = time.monotonic() + 15
    while not await all_logged():
        assert time.monotonic() < deadline, "invocation rows of the outage were lost"
        await asyncio.sleep(0.5)
    assert "webhook_crashed" not in server.log()
