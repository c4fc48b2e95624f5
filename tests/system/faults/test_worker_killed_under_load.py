"""A worker SIGKILLed mid-dispatch while webhook load hits the service: still exactly once.

tests/outbound/test_exactly_once.py kills one of two workers among 1,000 calls on a quiet
database (a slow test, run in CI). This is the same fault in well under a minute, under
load: on PostgreSQL, a `flowhooks worker` process and the server's own dispatcher hand
calls to the dialer side by side while callers keep posting webhooks to the server —
createOutbound (new calls, dispatched by the same two), updateUserPreferences and
fetchUserPreferences. The worker is SIGKILLed while it holds calls mid-batch; the server's
dispatcher takes them over once their lease expires. Every call reaches the dialer under
one key (attempt 1), nothing is lost, and every webhook answers 200 throughout.

One worker process, not two: a worker spends most of its start-up warming the calendar
and language models, and two of them starting at once on a 2-CPU machine doubled the
test's time without adding a fault the server's dispatcher does not already cover.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from flowhooks.store.database import Database
from tests.conftest import ADMIN, client_for
from tests.outbound.fixtures import DIALER_SECRET
from tests.outbound.outbound_fakes import FakeDialer, fake_dialer_server
from tests.system.faults.live import Answer, call

CALLS = 200
BATCH = 20
LEASE_SECONDS = 4
CALLERS = 4
FLOW = "LOADFLOW"


@pytest.fixture
def slow_dialer() -> Iterator[FakeDialer]:
    """A dialer taking 50 ms a request, so a batch is in flight long enough to be cut."""
    with fake_dialer_server(FakeDialer(secret=DIALER_SECRET, delay=0.05)) as fake:
        yield fake


def start_worker(db_url: str, log: Path) -> subprocess.Popen[bytes]:
    """`flowhooks worker` on the test database, its lease and batch as the server's."""
    env = os.environ | {
        "FLOWHOOKS_DATABASE_URL": db_url,
        "FLOWHOOKS_OUTBOUND_LEASE_SECONDS": str(LEASE_SECONDS),
        "FLOWHOOKS_OUTBOUND_BATCH": str(BATCH),
        "FLOWHOOKS_OUTBOUND_POLL_SECONDS": "0.1",
        "FLOWHOOKS_LOG_LEVEL": "warning",
    }
    exe = str(Path(sys.executable).parent / "flowhooks")
    with log.open("wb") as out:
        return subprocess.Popen([exe, "worker"], env=env, stdout=out, stderr=subprocess.STDOUT)


def tail_of(log: Path) -> str:
    """The end of the worker's log, for a failure message."""
    return log.read_text(errors="replace")[-2000:]


async def lease_holders(db: Database) -> set[int]:
    """The pids of workers holding calls they are handing to the dialer right now."""
    async with db.read() as session:
        owners = await session.scalars(
            sa.text("SELECT DISTINCT lease_owner FROM outbound_calls WHERE state = 'HANDING_OFF'")
        )
        return {int(owner.rsplit(":", 1)[1]) for owner in owners if owner}


async def caller(client: httpx.AsyncClient, number: int, stop: asyncio.Event) -> list[Answer]:
    """updateUserPreferences and fetchUserPreferences, with a createOutbound every fourth
    turn, until stopped."""
    answers = []
    i = 0
    while not stop.is_set():
        contact = f"+9197{number:02d}{i:06d}"
        if i % 4 == 0:
            outbound = {
                "$flow.syskey.securityID": DEMO_SECURITY_ID,
                "$flow.syskey.flowID": FLOW,
                "$flow.syskey.clientID": f"load-{number}-{i}",
                "$flow.syskey.contactNumbers": contact,
                "$flow.key.campaign": "faults",
            }
            answers.append(await call(client, "createOutbound", outbound))
        user = {"$user.syskey.contactNumber": contact, "$user.syskey.accountID": "1"}
        answers.append(await call(client, "updateUserPreferences", user | {"$user.key.n": str(i)}))
        answers.append(await call(client, "fetchUserPreferences", user))
        i += 1
    return answers


async def wait_for(check: Any, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_worker_killed_mid_dispatch_under_webhook_load(
    db_url: str, app_factory: Any, slow_dialer: FakeDialer, tmp_path: Path
) -> None:
    """Every call, queued before or created by webhooks during the run, is handed to the
    dialer under its one key although the worker dialling it was SIGKILLed mid-batch, and
    every webhook of the load answered 200."""
    from flowhooks.accounts import demo

    application = await app_factory(  # the server; its dispatcher is started by hand below
        outbound_lease_seconds=LEASE_SECONDS,
        outbound_batch=BATCH,
        outbound_poll_seconds=0.1,
    )
    runtime = application.state.runtime
    db = runtime.db
    log = tmp_path / "worker.log"
    worker = start_worker(db_url, log)  # the slowest part: it boots while the test sets up
    try:
        await demo.seed(db)
        async with client_for(application) as client:
            uuids = await queue_calls(client, slow_dialer)
            answers, dialled_at_kill = await kill_mid_batch_under_load(
                client, runtime, worker, slow_dialer, log
            )
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    bad = [(a.method, a.status, a.code) for a in answers if a.status != 200]
    assert not bad, bad[:10]
    created = [a for a in answers if a.method == "createOutbound" and a.status == 200]
    assert len(created) >= CALLERS, "the webhook load did not run"
    uuids |= {a.values["$flow.key.obdPhononUUID"] for a in created}
    assert dialled_at_kill < len(uuids), "the kill landed after the last call"

    async def all_dialled() -> bool:
        return set(slow_dialer.per_key()) >= {f"{u}:1" for u in uuids}

    stop_dispatching = asyncio.Event()
    server_dispatcher = asyncio.create_task(runtime.dispatcher.run(stop_dispatching))
    try:
        # The killed worker's batch waits for its lease to expire, then the server's.
        dialled = await wait_for(all_dialled, within=LEASE_SECONDS * 5)
    finally:
        stop_dispatching.set()
        await server_dispatcher
    missing = {f"{u}:1" for u in uuids} - set(slow_dialer.per_key())
    assert dialled, f"{len(missing)} calls never reached the dialer:\n{tail_of(log)}"
    per_key = slow_dialer.per_key()
    assert set(per_key) == {f"{u}:1" for u in uuids}  # one attempt each, no call dialled twice
    assert all(hit.signature_valid for hit in slow_dialer.hits)
    # A key handed over twice (the dialer drops the repeat) comes only from the killed
    # worker's in-flight batch, or a worker slower than its lease.
    handed_twice = sum(n - 1 for n in per_key.values())
    assert handed_twice <= BATCH * 2, handed_twice


async def queue_calls(client: httpx.AsyncClient, dialer: FakeDialer) -> set[str]:
    """The flow on the dialer, and CALLS calls due now through the outbound API."""
    settings = {"settings": {"outbound": {"business_days_only": False}}}
    assert (await client.patch("/api/v1/accounts/1", json=settings, headers=ADMIN)).is_success
    flow = {
        "flowId": FLOW,
        "dialer": "http",
        "dialerUrl": dialer.url,
        "dialerSecret": DIALER_SECRET,
        "callingHours": "00:00-24:00",
    }
    assert (await client.post("/api/v1/accounts/1/flows", json=flow, headers=ADMIN)).is_success
    calls = [
        {"client-identifier": f"queued-{i}", "contact-numbers": [f"98{i:08d}"]}
        for i in range(CALLS)
    ]
    body = {"security-id": DEMO_SECURITY_ID, "flow-id": FLOW, "calls": calls}
    answer = (await client.post("/kairos-apis/outbound/create", json=body)).json()
    assert answer["api-response-code"] == 200, answer["api-response-message"]
    return {detail["phonon-uuid"] for detail in answer["call-details"]}


async def kill_mid_batch_under_load(
    client: httpx.AsyncClient,
    runtime: Any,
    worker: subprocess.Popen[bytes],
    dialer: FakeDialer,
    log: Path,
) -> tuple[list[Answer], int]:
    """With the load running: wait for the worker to dial, start the server's dispatcher
    beside it, SIGKILL the worker while it holds calls, let the load run on for 2 s.
    Returns every webhook answer and how many calls had been dialled at the kill."""
    stop_load, stop_dispatching = asyncio.Event(), asyncio.Event()
    load = [asyncio.create_task(caller(client, n, stop_load)) for n in range(CALLERS)]
    server_dispatcher: asyncio.Task[None] | None = None
    try:

        async def worker_dialled() -> bool:
            return len(dialer.per_key()) >= BATCH

        assert await wait_for(worker_dialled, within=90), f"no dialling:\n{tail_of(log)}"
        server_dispatcher = asyncio.create_task(runtime.dispatcher.run(stop_dispatching))

        async def worker_is_mid_batch() -> bool:
            enough = len(dialer.per_key()) >= CALLS // 3
            return enough and worker.pid in await lease_holders(runtime.db)

        assert await wait_for(worker_is_mid_batch, within=30), "the worker stopped dialling"
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        dialled_at_kill = len(dialer.per_key())
        await asyncio.sleep(2)  # the load goes on beside the surviving dispatcher
    finally:
        stop_load.set()
        stop_dispatching.set()
        answers = [a for answers_of in await asyncio.gather(*load) for a in answers_of]
        if server_dispatcher is not None:
            await server_dispatcher
    return answers, dialled_at_kill
