"""`attempt_rows`: the outbound attempts a report selects, in order, streamed."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

from flowhooks.reports.columns import AttemptRow
from flowhooks.reports.request import Fetch, ReportRequest
from flowhooks.reports.writers import ReportFormat
from flowhooks.store.accounts import AccountRow
from flowhooks.store.database import Database
from flowhooks.store.reports import attempt_rows
from tests.reports.attempts import Attempt, Call, add_calls, add_flow

T0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
DAY = (T0 - timedelta(hours=4), T0 + timedelta(hours=20))


async def add_accounts(db: Database, *ids: int) -> None:
    async with db.session() as session:
        for account_id in ids:
            session.add(AccountRow(id=account_id, name=f"a{account_id}", timezone="UTC"))


def by_flow(flow_id: str, fetch: Fetch = "ALL") -> ReportRequest:
    return ReportRequest(
        fetch=fetch, format=ReportFormat.CSV, flow_id=flow_id, from_time=DAY[0], to_time=DAY[1]
    )


def by_uuid(*uuids: str, fetch: Fetch = "ALL") -> ReportRequest:
    return ReportRequest(fetch=fetch, format=ReportFormat.CSV, phonon_uuids=uuids)


async def rows(db: Database, account_id: int, request: ReportRequest) -> list[AttemptRow]:
    return [row async for row in attempt_rows(db, account_id, request, batch=2)]


async def test_rows_join_call_and_flow_in_call_then_attempt_order(db: Database) -> None:
    """Each row carries its call's UUID and client ID and its flow's ID, by call then attempt."""
    await add_accounts(db, 1)
    flow = await add_flow(db, "AbCd1234")
    await add_calls(
        db,
        flow,
        [
            Call("uuid-b", [Attempt(1, "BUSY", T0)]),
            Call("uuid-a", [Attempt(2, "ANSWERED", T0), Attempt(1, "NO_ANSWER", T0)], "c-a"),
        ],
    )
    got = await rows(db, 1, by_flow("abcd1234"))
    assert [(r.phonon_uuid, r.attempt, r.status) for r in got] == [
        ("uuid-a", 1, "NO_ANSWER"),
        ("uuid-a", 2, "ANSWERED"),
        ("uuid-b", 1, "BUSY"),
    ]
    assert (got[0].flow_id, got[0].client_identifier) == ("ABCD1234", "c-a")
    assert got[2].client_identifier is None
    last = await rows(db, 1, by_uuid("uuid-a", "uuid-b", fetch="LAST"))
    assert [(r.phonon_uuid, r.attempt) for r in last] == [("uuid-a", 2), ("uuid-b", 1)]


async def test_other_accounts_and_flows_are_never_selected(db: Database) -> None:
    """A report sees only its account's calls, and by flow only that flow's calls."""
    await add_accounts(db, 1, 2)
    mine, other_flow = await add_flow(db, "FLOWAAAA"), await add_flow(db, "FLOWBBBB")
    theirs = await add_flow(db, "FLOWAAAA", account_id=2)
    await add_calls(db, mine, [Call("mine", [Attempt(1, "BUSY", T0)])])
    await add_calls(db, other_flow, [Call("other-flow", [Attempt(1, "BUSY", T0)])])
    await add_calls(db, theirs, [Call("theirs", [Attempt(1, "BUSY", T0)])], account_id=2)
    assert [r.phonon_uuid for r in await rows(db, 1, by_uuid("mine", "theirs"))] == ["mine"]
    assert [r.phonon_uuid for r in await rows(db, 1, by_flow("FLOWAAAA"))] == ["mine"]
    assert [r.phonon_uuid for r in await rows(db, 2, by_flow("FLOWAAAA"))] == ["theirs"]


async def test_attempt_not_started_is_placed_at_its_hand_off(db: Database) -> None:
    """By flow and dates, an attempt without a start time counts from its creation."""
    await add_accounts(db, 1)
    flow = await add_flow(db, "FLOWAAAA")
    queued = Attempt(1, "QUEUED", None, created_at=T0)
    rejected = Attempt(1, "FAILED", None, end_time=T0, created_at=T0 + timedelta(days=2))
    await add_calls(db, flow, [Call("queued", [queued]), Call("rejected", [rejected])])
    [row] = await rows(db, 1, by_flow("FLOWAAAA"))
    assert (row.phonon_uuid, row.status, row.start_time) == ("queued", "QUEUED", None)
    assert [r.phonon_uuid for r in await rows(db, 1, by_uuid("rejected"))] == ["rejected"]


async def test_last_is_the_calls_last_attempt_even_outside_the_range(db: Database) -> None:
    """LAST by dates keeps a call only when its last attempt started in the range."""
    await add_accounts(db, 1)
    flow = await add_flow(db, "FLOWAAAA")
    retried_later = [Attempt(1, "NO_ANSWER", T0), Attempt(2, "ANSWERED", T0 + timedelta(days=1))]
    await add_calls(
        db, flow, [Call("late", retried_later), Call("today", [Attempt(1, "BUSY", T0)])]
    )
    assert [r.phonon_uuid for r in await rows(db, 1, by_flow("FLOWAAAA", "LAST"))] == ["today"]
    assert [r.phonon_uuid for r in await rows(db, 1, by_flow("FLOWAAAA"))] == ["late", "today"]


async def test_rows_are_streamed_not_loaded_at_once(db: Database) -> None:
    """Reading 20,000 attempts in batches of 500 holds far less than all of them."""
    await add_accounts(db, 1)
    flow = await add_flow(db, "FLOWAAAA")
    calls = [
        Call(
            f"call-{c:03d}",
            [Attempt(n, "NO_ANSWER", T0, hangup_cause="NO_ANSWER" * 5) for n in range(1, 201)],
        )
        for c in range(100)
    ]
    await add_calls(db, flow, calls)
    count = 0
    tracemalloc.start()
    try:
        async for _ in attempt_rows(db, 1, by_flow("FLOWAAAA"), batch=500):
            count += 1
            if count == 1000:
                tracemalloc.reset_peak()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 3_000_000, peak
