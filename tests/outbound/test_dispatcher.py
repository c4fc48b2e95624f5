"""Calls from creation to the dialer and back: dispatch, retries, status reports, pull."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from flowhooks.outbound.signing import SIGNATURE_HEADER, sign
from tests.conftest import ADMIN
from tests.outbound.fixtures import DIALER_SECRET, Outbound, create_outbound
from tests.outbound.outbound_fakes import FakeDialer

STATUS = "/kairos-apis/outbound/status"
PULL = "/kairos-apis/outbound/pull"


async def report(ob: Outbound, uuid: str, attempt: int, status: str, **extra: Any) -> int:
    payload = {"phonon-uuid": uuid, "attempt-number": attempt, "status": status} | extra
    raw = orjson.dumps(payload)
    headers = {SIGNATURE_HEADER: sign(DIALER_SECRET, raw), "content-type": "application/json"}
    response = await ob.client.post(STATUS, content=raw, headers=headers)
    return response.status_code


async def pull(ob: Outbound, uuids: list[str], fetch: str = "ALL") -> dict[str, Any]:
    body = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "DEMOFLOW",
        "phonon-uuids": uuids,
        "fetch-attempt": fetch,
    }
    response = await ob.client.post(PULL, json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_delay_zero_reaches_dialer_once_signed(outbound: Outbound) -> None:
    """createOutbound with delay 0 reaches the dialer exactly once, validly signed."""
    status, out = await create_outbound(outbound)
    assert status == 200, out
    assert out["$flow.key.obdResponseCode"] == "200"
    uuid = out["$flow.key.obdPhononUUID"]
    assert await outbound.dispatch() == 1
    assert await outbound.dispatch() == 0
    [hit] = outbound.dialer.hits
    assert hit.signature_valid
    assert hit.idempotency_key == f"{uuid}:1"
    assert hit.body["number"] == "+919979746666"
    assert hit.body["client-identifier"] == "loan-42"
    assert hit.body["keys"] == [
        {"name": "customerName", "value": "Asha"},
        {"name": "amount", "value": "1200"},
    ]
    assert hit.body["status-url"] == "http://testserver/kairos-apis/outbound/status"


async def test_delayed_call_does_not_arrive_early(outbound: Outbound) -> None:
    """A call delayed 10 minutes is not dialled at 9 minutes, and is at 10."""
    await create_outbound(outbound, **{"$flow.syskey.delayMinutes": "10"})
    await outbound.dispatch()
    outbound.clock.advance(minutes=9, seconds=59)
    await outbound.dispatch()
    assert outbound.dialer.hits == []
    outbound.clock.advance(seconds=1)
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 1


async def test_night_call_waits_for_morning(outbound: Outbound) -> None:
    """A call due at 22:00 IST rings at 09:00 IST the next morning, not before."""
    outbound.clock.advance(hours=12)  # 22:00 IST
    await create_outbound(outbound)
    await outbound.dispatch()
    outbound.clock.advance(hours=10, minutes=59)  # 08:59 IST
    await outbound.dispatch()
    assert outbound.dialer.hits == []
    outbound.clock.advance(minutes=1)
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 1


async def test_repeat_create_outbound_is_201_and_dialled_once(outbound: Outbound) -> None:
    """An IVR retry of createOutbound answers 201 with the same UUID and dials once."""
    _, first = await create_outbound(outbound)
    _, again = await create_outbound(outbound)
    assert again["$flow.key.obdResponseCode"] == "201"
    assert again["$flow.key.obdPhononUUID"] == first["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 1


async def test_busy_falls_through_to_alternate_and_pull_shows_it(outbound: Outbound) -> None:
    """A BUSY first number moves at once to the alternate; pull shows both attempts."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    assert await report(outbound, uuid, 1, "BUSY", **{"hangup-cause": "USER_BUSY"}) == 200
    await outbound.dispatch()
    assert [h.body["number"] for h in outbound.dialer.hits] == ["+919979746666", "+919876543210"]
    assert outbound.dialer.hits[1].idempotency_key == f"{uuid}:2"
    answered = {
        "connect-time": "2026-11-25T04:31:10Z",
        "end-time": "2026-11-25T04:33:10Z",
        "duration": 120,
        "recording-url": "https://rec.example/1.mp3",
    }
    assert await report(outbound, uuid, 2, "ANSWERED", **answered) == 200
    data = await pull(outbound, [uuid, "no-such-uuid"])
    [call] = data["calls"]
    assert call["call-status"] == "COMPLETED"
    assert [a["status"] for a in call["attempts"]] == ["BUSY", "ANSWERED"]
    assert call["attempts"][0]["hangup-cause"] == "USER_BUSY"
    assert call["attempts"][1]["number-dialled"] == "+919876543210"
    assert call["attempts"][1]["duration"] == 120
    assert call["attempts"][1]["end-time"].startswith("2026-11-25T04:33:10")
    assert data["unknown-phonon-uuids"] == ["no-such-uuid"]
    last = await pull(outbound, [uuid], "LAST")
    assert [a["attempt-number"] for a in last["calls"][0]["attempts"]] == [2]
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 2


async def test_refused_number_falls_through_to_alternate(outbound: Outbound) -> None:
    """A dialer refusing the first number (4xx) fails that attempt and dials the alternate."""
    outbound.dialer.script["+919979746666"] = [422]
    _, out = await create_outbound(outbound)
    await outbound.dispatch()
    assert [h.body["number"] for h in outbound.dialer.hits] == ["+919979746666", "+919876543210"]
    data = await pull(outbound, [out["$flow.key.obdPhononUUID"]])
    assert [a["status"] for a in data["calls"][0]["attempts"]] == ["FAILED", "DIALING"]


async def test_attempt_limit_ends_the_call(outbound: Outbound) -> None:
    """After max attempts of no answer the call is FAILED and nothing more is dialled."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    for attempt in (1, 2, 3):
        await outbound.dispatch()
        assert await report(outbound, uuid, attempt, "NO_ANSWER") == 200
        outbound.clock.advance(minutes=30)
    await outbound.dispatch()
    numbers = [h.body["number"] for h in outbound.dialer.hits]
    assert numbers == ["+919979746666", "+919876543210", "+919979746666"]
    data = await pull(outbound, [uuid])
    assert data["calls"][0]["call-status"] == "FAILED"


async def test_unreachable_dialer_is_retried_with_the_same_key(outbound: Outbound) -> None:
    """A dialer answering 503 gets the same attempt again later, same idempotency key."""
    outbound.dialer.script["+919979746666"] = [503, 503, 200]
    _, out = await create_outbound(outbound)
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 2
    outbound.clock.advance(seconds=30)
    await outbound.dispatch()
    keys = {h.idempotency_key for h in outbound.dialer.hits}
    assert keys == {f"{out['$flow.key.obdPhononUUID']}:1"}
    assert len(outbound.dialer.hits) == 3


async def test_status_checks(outbound: Outbound) -> None:
    """Bad signature 401, unknown UUID 404, malformed 400, a repeated report is harmless."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    raw = orjson.dumps({"phonon-uuid": uuid, "attempt-number": 1, "status": "ANSWERED"})
    bad = {SIGNATURE_HEADER: sign("wrong-secret", raw), "content-type": "application/json"}
    assert (await outbound.client.post(STATUS, content=raw, headers=bad)).status_code == 401
    assert await report(outbound, "00000000-0000-0000-0000-000000000000", 1, "BUSY") == 404
    assert await report(outbound, uuid, 9, "BUSY") == 404
    assert (await outbound.client.post(STATUS, content=b"{}")).status_code == 400
    assert await report(outbound, uuid, 1, "ANSWERED") == 200
    assert await report(outbound, uuid, 1, "BUSY") == 200
    data = await pull(outbound, [uuid])
    assert data["calls"][0]["attempts"][0]["status"] == "ANSWERED"


async def test_result_during_unreachable_retry_is_not_redialled(outbound: Outbound) -> None:
    """A result that arrives while a hand-off waits to be retried ends it; no redial."""
    outbound.dialer.script["+919979746666"] = [503]
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    assert await report(outbound, uuid, 1, "ANSWERED", duration=30) == 200
    outbound.clock.advance(minutes=5)
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 2  # the two tries of the one hand-off
    data = await pull(outbound, [uuid])
    assert data["calls"][0]["call-status"] == "COMPLETED"


async def test_repeated_report_adds_missing_facts(outbound: Outbound) -> None:
    """The same final status again fills facts still missing, and changes nothing else."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    assert await report(outbound, uuid, 1, "ANSWERED") == 200
    assert await report(outbound, uuid, 1, "ANSWERED", duration=75) == 200
    [attempt] = (await pull(outbound, [uuid]))["calls"][0]["attempts"]
    assert (attempt["status"], attempt["duration"]) == ("ANSWERED", 75)


async def test_silent_dialer_times_out_to_next_number(outbound: Outbound) -> None:
    """An accepted attempt with no result for 2 hours failed (NO_RESULT); the alternate rings."""
    _, out = await create_outbound(outbound)
    uuid = out["$flow.key.obdPhononUUID"]
    await outbound.dispatch()
    outbound.clock.advance(minutes=119)
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 1
    outbound.clock.advance(minutes=2)
    await outbound.dispatch()
    assert [h.body["number"] for h in outbound.dialer.hits][-1] == "+919876543210"
    first = (await pull(outbound, [uuid]))["calls"][0]["attempts"][0]
    assert (first["status"], first["hangup-cause"]) == ("FAILED", "NO_RESULT")


async def test_holiday_and_day_off_are_skipped(outbound: Outbound) -> None:
    """A call due after the account's hours, before its holiday, rings the next business day."""
    calendar = {"calendar": {"added_holidays": {"2026-11-26": "Company day"}, "days_off": []}}
    change = calendar | {"outbound": {"calling_hours_end": "20:00:00"}}
    patched = await outbound.client.patch(
        "/api/v1/accounts/1", json={"settings": change}, headers=ADMIN
    )
    assert patched.status_code == 200, patched.text
    outbound.clock.advance(hours=10)  # Wednesday 20:00 IST: after the account's window
    _, out = await create_outbound(outbound)
    await outbound.dispatch()
    outbound.clock.advance(days=1, hours=12, minutes=59)  # past the holiday, Friday 08:59
    await outbound.dispatch()
    assert outbound.dialer.hits == []
    outbound.clock.advance(minutes=1)  # Friday 27 November, 09:00 IST
    await outbound.dispatch()
    assert len(outbound.dialer.hits) == 1
    assert out["$flow.key.obdResponseCode"] == "200"


async def test_serve_dispatches_in_process(app_factory: Any, fake_dialer: FakeDialer) -> None:
    """With background services on (the embedded default), a due call is dialled unaided."""
    from flowhooks.accounts import demo
    from tests.conftest import client_for

    application = await app_factory(background=True, outbound_poll_seconds=0.05)
    await demo.seed(application.state.runtime.db)
    async with client_for(application) as client:
        all_day = {"settings": {"outbound": {"business_days_only": False}}}
        await client.patch("/api/v1/accounts/1", json=all_day, headers=ADMIN)
        flow = {
            "flowId": "BGFLOW01",
            "dialer": "http",
            "dialerUrl": fake_dialer.url,
            "dialerSecret": DIALER_SECRET,
            "callingHours": "00:00-24:00",
        }
        await client.post("/api/v1/accounts/1/flows", json=flow, headers=ADMIN)
        body = {
            "security-id": DEMO_SECURITY_ID,
            "flow-id": "BGFLOW01",
            "calls": [{"contact-numbers": ["9979746666"]}],
        }
        assert (await client.post("/kairos-apis/outbound/create", json=body)).is_success
        for _ in range(200):
            if fake_dialer.hits:
                break
            await asyncio.sleep(0.05)
    assert len(fake_dialer.hits) == 1
