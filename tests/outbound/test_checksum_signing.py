"""The repeat fingerprint and the HMAC signatures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from flowhooks.outbound.checksum import (
    CallFingerprintPart,
    is_repeat,
    request_fingerprint,
    timing_of_delay,
    timing_of_start,
)
from flowhooks.outbound.signing import (
    callback_token,
    sign,
    verify,
    verify_callback_token,
)

CALL = CallFingerprintPart("c1", ("+919979746666",), (("a", "1"), ("b", "2")), timing_of_delay(5))


def test_same_request_same_fingerprint_key_order_ignored() -> None:
    """Same account, flow and calls give one fingerprint, whatever the order of keys."""
    shuffled = CallFingerprintPart("c1", ("+919979746666",), (("b", "2"), ("a", "1")), CALL.timing)
    assert request_fingerprint(1, "FLOW0001", [CALL]) == request_fingerprint(
        1, "flow0001", [shuffled]
    )


def test_account_flow_number_and_timing_each_matter() -> None:
    """Another account, flow, number or delay is another request."""
    base = request_fingerprint(1, "FLOW0001", [CALL])
    other_number = CallFingerprintPart("c1", ("+919876543210",), CALL.keys, CALL.timing)
    other_delay = CallFingerprintPart("c1", CALL.numbers, CALL.keys, timing_of_delay(6))
    assert len({
        base,
        request_fingerprint(2, "FLOW0001", [CALL]),
        request_fingerprint(1, "FLOW0002", [CALL]),
        request_fingerprint(1, "FLOW0001", [other_number]),
        request_fingerprint(1, "FLOW0001", [other_delay]),
    }) == 5  # fmt: skip
    assert timing_of_start(None) == timing_of_start("  ")


def test_repeat_window_is_ten_minutes() -> None:
    """A repeat counts within ten minutes of the first request, not after."""
    first = datetime(2026, 1, 1, tzinfo=UTC)
    assert is_repeat(first, first + timedelta(minutes=9, seconds=59))
    assert not is_repeat(first, first + timedelta(minutes=10))


def test_signature_format_and_verify() -> None:
    """The signature is `sha256=<64 hex>` and verifies only its own body and secret."""
    header = sign("secret", b'{"a":1}')
    assert header.startswith("sha256=")
    assert len(header) == 7 + 64
    assert verify("secret", b'{"a":1}', header)
    assert not verify("secret", b'{"a":2}', header)
    assert not verify("other", b'{"a":1}', header)
    assert not verify("secret", b'{"a":1}', None)
    assert not verify("secret", b'{"a":1}', header.removeprefix("sha256="))


@given(st.binary(), st.binary(min_size=1))
def test_any_body_change_breaks_signature(body: bytes, extra: bytes) -> None:
    """Appending anything to a signed body invalidates its signature."""
    header = sign("k", body)
    assert verify("k", body, header)
    assert not verify("k", body + extra, header)


def test_callback_token_is_per_attempt() -> None:
    """A callback token is valid for its own attempt only."""
    token = callback_token("secret", "uuid:1")
    assert verify_callback_token("secret", "uuid:1", token)
    assert not verify_callback_token("secret", "uuid:2", token)
