"""Storing an outbound request on both drivers: stored once, a twin answers the first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from flowhooks.store import outbound
from flowhooks.store.database import Database
from tests.store.rows import a_flow, an_account

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _request(request_id: str, account: int, flow: int) -> dict[str, object]:
    return {
        "id": request_id,
        "account_id": account,
        "flow_pk": flow,
        "fingerprint": "f" * 64,
        "source": "api",
        "call_details": [{"clientIdentifier": "c1", "phononUUID": f"{request_id}-call"}],
        "created_at": NOW,
    }


def _call(request_id: str, account: int, flow: int) -> dict[str, object]:
    return {
        "phonon_uuid": f"{request_id}-call",
        "request_id": request_id,
        "account_id": account,
        "flow_pk": flow,
        "client_identifier": "c1",
        "numbers": ["+919800000001"],
        "keys": [["k", "v"]],
        "due_at": NOW,
        "created_at": NOW,
        "updated_at": NOW,
    }


async def test_a_request_is_stored_with_its_calls(db: Database) -> None:
    """A new request answers None and is stored with its calls, JSON and defaults intact."""
    account = await an_account(db)
    flow = await a_flow(db, account)
    request, call = _request("r1", account, flow), _call("r1", account, flow)
    assert await outbound.store_request(db, request, [call], NOW - timedelta(minutes=10)) is None
    async with db.read() as session:
        stored = await session.get(outbound.RequestRow, "r1")
        calls = await outbound.calls_by_uuid(session, ["r1-call"])
    assert stored is not None
    assert stored.call_details == request["call_details"]
    [stored_call] = calls
    assert (stored_call.numbers, stored_call.keys) == (["+919800000001"], [["k", "v"]])
    assert (stored_call.state, stored_call.attempt_number) == (outbound.SCHEDULED, 1)


async def test_a_twin_answers_the_first_request_and_stores_nothing(db: Database) -> None:
    """A request with the fingerprint of one made since `since` answers that one's id and
    call details; a request older than `since` is no twin."""
    account = await an_account(db)
    flow = await a_flow(db, account)
    first = _request("r1", account, flow)
    await outbound.store_request(db, first, [_call("r1", account, flow)], NOW - timedelta(1))
    twin = await outbound.store_request(
        db, _request("r2", account, flow), [_call("r2", account, flow)], NOW - timedelta(1)
    )
    assert twin == ("r1", first["call_details"])
    later = await outbound.store_request(
        db, _request("r3", account, flow), [_call("r3", account, flow)], NOW + timedelta(1)
    )
    assert later is None
    async with db.read() as session:
        ids = set((await session.scalars(sa.select(outbound.RequestRow.id))).all())
    assert ids == {"r1", "r3"}
