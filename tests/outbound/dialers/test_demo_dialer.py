"""The demo dialer, sent attempts by the real http dialer, reports to a local status URL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest

from flowhooks.outbound.api_models import StatusReport
from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome
from flowhooks.outbound.dialers.demo_dialer import DemoDialer, DemoDialerServer
from flowhooks.outbound.dialers.http import HttpDialer
from flowhooks.outbound.dialers.retry import Backoff
from flowhooks.outbound.signing import SIGNATURE_HEADER, verify
from tests.outbound.outbound_fakes import serving

SECRET = "demo-dialer-secret-0123456789"
FAST = Backoff(tries=1, first=0.01, factor=2.0, cap=0.05)


@dataclass
class StatusInbox:
    """The status URL: records each report's body and whether its signature is valid."""

    reports: list[tuple[dict[str, Any], bool]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    url: str = ""


def _inbox_handler(inbox: StatusInbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            signed = verify(SECRET, raw, self.headers.get(SIGNATURE_HEADER))
            inbox.reports.append((json.loads(raw), signed))
            inbox.arrived.set()
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@pytest.fixture
def inbox() -> Iterator[StatusInbox]:
    box = StatusInbox()
    with serving(_inbox_handler(box)) as base:
        box.url = f"{base}/kairos-apis/outbound/status"
        yield box


@pytest.fixture
def demo_dialer() -> Iterator[DemoDialerServer]:
    server = DemoDialerServer(DemoDialer(SECRET, answer_after=0.05), port=0)
    yield server
    server.stop()


def attempt(status_url: str) -> DialAttempt:
    return DialAttempt(
        phonon_uuid="0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b",
        attempt_number=1,
        number="+919979746666",
        caller_id="",
        flow_id="DEMOFLOW",
        client_identifier="demo",
        keys=(("customerName", "Asha"),),
        status_url=status_url,
    )


async def test_a_signed_attempt_is_accepted_and_reported_answered(
    demo_dialer: DemoDialerServer, inbox: StatusInbox
) -> None:
    """The hand-off is answered 200 with a dialer call id, then a report signed with the
    flow's secret says ANSWERED with start, connect and end times and a duration."""
    async with httpx.AsyncClient() as client:
        dialer = HttpDialer(client, demo_dialer.url, SECRET, timeout=2.0, backoff=FAST)
        result = await dialer.place(attempt(inbox.url))
    assert result.outcome is DialOutcome.ACCEPTED
    assert result.provider_call_id is not None
    assert result.provider_call_id.startswith("demo-")
    assert inbox.arrived.wait(5)
    body, signed = inbox.reports[0]
    assert signed
    report = StatusReport.model_validate(body)
    assert (report.phonon_uuid, report.attempt_number) == (attempt("").phonon_uuid, 1)
    assert report.status == "ANSWERED"
    assert report.dialer_call_id == result.provider_call_id
    assert report.start_time is not None
    assert report.end_time is not None
    assert report.connect_time == report.start_time <= report.end_time
    assert report.duration is not None
    assert report.duration >= 1


async def test_a_wrong_signature_is_refused_and_never_reported(
    demo_dialer: DemoDialerServer, inbox: StatusInbox
) -> None:
    """An attempt signed with another secret gets 401 (REJECTED) and no report."""
    async with httpx.AsyncClient() as client:
        dialer = HttpDialer(client, demo_dialer.url, "another-secret-0123456789", backoff=FAST)
        result = await dialer.place(attempt(inbox.url))
    assert result.outcome is DialOutcome.REJECTED
    assert not inbox.arrived.wait(0.3)


async def test_a_repeated_hand_off_is_reported_once(
    demo_dialer: DemoDialerServer, inbox: StatusInbox
) -> None:
    """The same attempt handed off twice (a retried hand-off) is answered twice, reported once."""
    async with httpx.AsyncClient() as client:
        dialer = HttpDialer(client, demo_dialer.url, SECRET, timeout=2.0, backoff=FAST)
        first = await dialer.place(attempt(inbox.url))
        second = await dialer.place(attempt(inbox.url))
    assert first.provider_call_id == second.provider_call_id
    assert inbox.arrived.wait(5)
    threading.Event().wait(0.3)
    assert len(inbox.reports) == 1


async def test_a_body_that_is_not_a_hand_off_is_a_400_naming_the_field() -> None:
    """A signed body without a status-url is refused with 400 naming status-url."""
    from flowhooks.outbound.signing import sign

    server = DemoDialerServer(DemoDialer(SECRET), port=0)
    try:
        body = json.dumps({"phonon-uuid": "x", "attempt-number": 1, "idempotency-key": "k"})
        async with httpx.AsyncClient() as client:
            response = await client.post(
                server.url, content=body, headers={SIGNATURE_HEADER: sign(SECRET, body.encode())}
            )
    finally:
        server.stop()
    assert response.status_code == 400
    assert "status-url" in response.json()["error"]


def test_a_taken_port_raises_oserror(demo_dialer: DemoDialerServer) -> None:
    """Binding a port already in use fails in the constructor (the demo warns and goes on)."""
    port = int(demo_dialer.url.split(":")[2].split("/")[0])
    with pytest.raises(OSError, match="in use"):
        DemoDialerServer(DemoDialer(SECRET), port=port)
