"""The fingerprint behind 201 CHECKSUM_REPEATED: an IVR retrying a create is not a new request.

Flow engines retry a webhook that timed out; without a fingerprint the customer would be
dialled twice. Two requests are the same when they come from one account, for one flow,
with the same calls in the same order: same client identifiers, same numbers once
normalised, same keys (in any order) and the same timing (the requested start time, or
createOutbound's delay in minutes — its absolute start moves with the clock). A repeat
within ten minutes of the first answers the first request's IDs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson

REPEAT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class CallFingerprintPart:
    """What identifies one call of a request for the repeat check."""

    client_identifier: str
    numbers: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]
    timing: str


def request_fingerprint(account_id: int, flow_id: str, calls: Sequence[CallFingerprintPart]) -> str:
    """The hex SHA-256 of the request's identity; equal requests give equal fingerprints."""
    canonical = {
        "account": account_id,
        "flow": flow_id.upper(),
        "calls": [
            [c.client_identifier, list(c.numbers), sorted(map(list, c.keys)), c.timing]
            for c in calls
        ],
    }
    return hashlib.sha256(orjson.dumps(canonical)).hexdigest()


def timing_of_start(raw_start_time: str | None) -> str:
    """The timing part of an API call: its start time exactly as sent (absent = now)."""
    return f"at:{(raw_start_time or '').strip()}"


def timing_of_delay(delay_minutes: int) -> str:
    """The timing part of a createOutbound call: its delay, not the moving absolute time."""
    return f"delay:{delay_minutes}"


def is_repeat(first_seen: datetime, now: datetime) -> bool:
    """Whether a request first seen at `first_seen` counts as repeated at `now`."""
    return now - first_seen < REPEAT_WINDOW
