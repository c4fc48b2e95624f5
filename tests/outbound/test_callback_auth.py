"""Dialer signatures and Exotel callback tokens are checked in constant time.

A spy on hmac.compare_digest (tests/conftest.py) records each comparison and lets the real
function answer: a forged signature or token is refused after being compared there, never
with `==` (see tests/auth/test_secrets.py for why this, and not timing).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from flowhooks.outbound.signing import SIGNATURE_HEADER, sign
from tests.outbound.fixtures import EXOTEL_API_KEY, EXOTEL_API_TOKEN, Outbound
from tests.outbound.outbound_fakes import FakeExotel

CREATE = "/kairos-apis/outbound/create"
STATUS = "/kairos-apis/outbound/status"


async def _one_call(outbound: Outbound, flow_id: str) -> str:
    body = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": flow_id,
        "calls": [{"contact-numbers": ["9979746666"]}],
    }
    created = (await outbound.client.post(CREATE, json=body)).json()
    uuid: str = created["call-details"][0]["phonon-uuid"]
    await outbound.dispatch()
    return uuid


async def test_a_forged_dialer_signature_is_compared_in_constant_time(
    outbound: Outbound, compare_digest_calls: list[tuple[bytes, bytes]]
) -> None:
    """A status report signed with another secret is 401, decided by hmac.compare_digest."""
    uuid = await _one_call(outbound, "DEMOFLOW")
    raw = orjson.dumps({"phonon-uuid": uuid, "attempt-number": 1, "status": "ANSWERED"})
    forged = sign("not-the-dialer-secret", raw)
    headers = {SIGNATURE_HEADER: forged, "content-type": "application/json"}
    assert (await outbound.client.post(STATUS, content=raw, headers=headers)).status_code == 401
    assert any(given == forged.encode() for _, given in compare_digest_calls)


async def test_a_forged_exotel_callback_token_is_compared_in_constant_time(
    outbound: Outbound,
    fake_exotel: FakeExotel,
    compare_digest_calls: list[tuple[bytes, bytes]],
) -> None:
    """An Exotel StatusCallback with a made-up token is 401, decided by hmac.compare_digest."""
    await outbound.create_flow(
        flowId="EXOFLOW2",
        dialer="exotel",
        dialerUrl=fake_exotel.base_url,
        callerId="08047112345",
        exotel={
            "sid": "acme1",
            "apiKey": EXOTEL_API_KEY,
            "apiToken": EXOTEL_API_TOKEN,
            "flowUrl": "http://f/1",
        },
    )
    await _one_call(outbound, "EXOFLOW2")
    [hit] = fake_exotel.hits
    callback = urlsplit(hit.form["StatusCallback"]).path
    made_up = "ab" * 32
    forged = callback.rsplit("/", 1)[0] + "/" + made_up
    form = {"CallSid": "exo1", "Status": "completed", "DateUpdated": "2026-11-25 10:05:00"}
    assert (await outbound.client.post(forged, data=form)).status_code == 401
    assert any(given == made_up.encode() for _, given in compare_digest_calls)
