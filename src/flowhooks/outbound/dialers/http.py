"""The `http` dialer: a signed JSON POST of each attempt to the flow's dialer URL.

The body names the attempt (phonon UUID, attempt number, idempotency key), who to call
and from which caller ID, the flow and its keys, and where to report the result. It is
signed with the flow's dialer secret (`X-Flowhooks-Signature`), and the idempotency key
is also sent as the `Idempotency-Key` header (the Stripe / IETF draft habit) so a dialer
can drop a hand-off it has already seen without parsing the body.
"""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome, DialResult
from flowhooks.outbound.dialers.retry import Backoff, deliver
from flowhooks.outbound.signing import SIGNATURE_HEADER, sign

IDEMPOTENCY_HEADER = "Idempotency-Key"


def attempt_body(attempt: DialAttempt) -> dict[str, Any]:
    """The JSON the dialer receives for `attempt`."""
    return {
        "phonon-uuid": attempt.phonon_uuid,
        "attempt-number": attempt.attempt_number,
        "idempotency-key": attempt.idempotency_key,
        "number": attempt.number,
        "caller-id": attempt.caller_id,
        "flow-id": attempt.flow_id,
        "client-identifier": attempt.client_identifier,
        "keys": [{"name": name, "value": value} for name, value in attempt.keys],
        "status-url": attempt.status_url,
    }


class HttpDialer:
    """Places attempts by POSTing them, signed, to one URL."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        secret: str,
        *,
        timeout: float = 5.0,
        backoff: Backoff | None = None,
    ) -> None:
        self._client = client
        self._url = url
        self._secret = secret
        self._timeout = timeout
        self._backoff = backoff or Backoff()

    async def place(self, attempt: DialAttempt) -> DialResult:
        """POST the attempt; ACCEPTED on 2xx (with the dialer's `dialer-call-id` if given)."""
        body = orjson.dumps(attempt_body(attempt))
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self._secret, body),
            IDEMPOTENCY_HEADER: attempt.idempotency_key,
        }

        async def send() -> httpx.Response:
            return await self._client.post(
                self._url, content=body, headers=headers, timeout=self._timeout
            )

        outcome = await deliver(send, self._backoff)
        if isinstance(outcome, DialResult):
            return outcome
        return DialResult(DialOutcome.ACCEPTED, provider_call_id=_call_id(outcome))


def _call_id(response: httpx.Response) -> str | None:
    """The dialer's own id for the call, when its answer is JSON that carries one."""
    try:
        data = response.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        value = data.get("dialer-call-id")
        if isinstance(value, str | int):
            return str(value)
    return None
