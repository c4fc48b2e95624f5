"""The http dialer against a local dialer server."""

from __future__ import annotations

import httpx

from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome
from flowhooks.outbound.dialers.http import HttpDialer
from flowhooks.outbound.dialers.retry import Backoff
from tests.outbound.outbound_fakes import FakeDialer

FAST = Backoff(tries=3, first=0.01, factor=2.0, cap=0.05)


def attempt(number: str = "+919979746666", n: int = 1) -> DialAttempt:
    return DialAttempt(
        phonon_uuid="0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b",
        attempt_number=n,
        number=number,
        caller_id="+918000000000",
        flow_id="FLOW0001",
        client_identifier="c1",
        keys=(("lang", "hi"),),
        status_url="http://127.0.0.1/kairos-apis/outbound/status",
    )


def dialer(client: httpx.AsyncClient, fake: FakeDialer, secret: str | None = None) -> HttpDialer:
    return HttpDialer(client, fake.url, secret or fake.secret, timeout=2.0, backoff=FAST)


async def test_accepted_with_signature_and_key(
    http_client: httpx.AsyncClient, fake_dialer: FakeDialer
) -> None:
    """An attempt reaches the dialer once, signed, with its idempotency key and fields."""
    result = await dialer(http_client, fake_dialer).place(attempt())
    assert result.outcome is DialOutcome.ACCEPTED
    assert result.provider_call_id == "D-0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b:1"
    [hit] = fake_dialer.hits
    assert hit.signature_valid
    assert hit.idempotency_key == "0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b:1"
    assert hit.body["number"] == "+919979746666"
    assert hit.body["caller-id"] == "+918000000000"
    assert hit.body["flow-id"] == "FLOW0001"
    assert hit.body["attempt-number"] == 1
    assert hit.body["keys"] == [{"name": "lang", "value": "hi"}]


async def test_5xx_is_retried_with_the_same_key(
    http_client: httpx.AsyncClient, fake_dialer: FakeDialer
) -> None:
    """A 503 is retried; every retry carries the same idempotency key."""
    fake_dialer.script["+919979746666"] = [503, 502, 200]
    result = await dialer(http_client, fake_dialer).place(attempt())
    assert result.outcome is DialOutcome.ACCEPTED
    assert fake_dialer.per_key() == {"0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b:1": 3}


async def test_4xx_is_permanent(http_client: httpx.AsyncClient, fake_dialer: FakeDialer) -> None:
    """A 4xx refusal is not retried and is REJECTED."""
    fake_dialer.script["+919979746666"] = [422]
    result = await dialer(http_client, fake_dialer).place(attempt())
    assert result.outcome is DialOutcome.REJECTED
    assert "422" in result.detail
    assert len(fake_dialer.hits) == 1


async def test_429_is_transient(http_client: httpx.AsyncClient, fake_dialer: FakeDialer) -> None:
    """429 Too Many Requests is retried like a 5xx."""
    fake_dialer.script["+919979746666"] = [429, 200]
    result = await dialer(http_client, fake_dialer).place(attempt())
    assert result.outcome is DialOutcome.ACCEPTED
    assert len(fake_dialer.hits) == 2


async def test_bad_secret_is_refused(
    http_client: httpx.AsyncClient, fake_dialer: FakeDialer
) -> None:
    """A request signed with another secret is refused by the dialer (401, permanent)."""
    result = await dialer(http_client, fake_dialer, secret="wrong").place(attempt())
    assert result.outcome is DialOutcome.REJECTED
    assert not fake_dialer.hits[0].signature_valid


async def test_persistent_5xx_is_unreachable(
    http_client: httpx.AsyncClient, fake_dialer: FakeDialer
) -> None:
    """After every try fails with 5xx the hand-off is UNREACHABLE, to be tried again later."""
    fake_dialer.script["+919979746666"] = [500]
    result = await dialer(http_client, fake_dialer).place(attempt())
    assert result.outcome is DialOutcome.UNREACHABLE
    assert len(fake_dialer.hits) == FAST.tries


async def test_timeout_is_retried(http_client: httpx.AsyncClient, fake_dialer: FakeDialer) -> None:
    """A dialer slower than the timeout counts as a transient failure."""
    fake_dialer.delay = 0.3
    slow = HttpDialer(http_client, fake_dialer.url, fake_dialer.secret, timeout=0.05, backoff=FAST)
    result = await slow.place(attempt())
    assert result.outcome is DialOutcome.UNREACHABLE
    assert "timed out" in result.detail


async def test_dead_socket_is_unreachable(http_client: httpx.AsyncClient) -> None:
    """A dialer that is not listening is UNREACHABLE, not an exception."""
    dead = HttpDialer(http_client, "http://127.0.0.1:9/dial", "s", timeout=0.5, backoff=FAST)
    result = await dead.place(attempt())
    assert result.outcome is DialOutcome.UNREACHABLE


def test_backoff_grows_and_caps() -> None:
    """Backoff doubles from its first delay and stops at its cap."""
    policy = Backoff(tries=6, first=0.5, factor=2.0, cap=3.0)
    assert [policy.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
