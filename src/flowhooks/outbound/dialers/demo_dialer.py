"""The demo's own dialer: answers every call, so a createOutbound on the demo reaches ANSWERED.

It speaks the `http` dialer protocol from the dialer's side (see `dialers/http.py`): a POST
of an attempt, signed with the flow's dialer secret (a bad signature is refused with 401),
is answered 200 with a `dialer-call-id`; `answer_after` seconds later the dialer posts the
attempt's result to its `status-url`, signed the same way: ANSWERED, with start, connect and
end times and the duration. A hand-off it has already accepted (same idempotency key) is
answered again but reported once.

It is a small threaded HTTP server, started by `flowhooks demo` beside the webhook server,
so it needs nothing from the server's event loop and works whichever server runs the app.
It never places a real call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson
import structlog

from flowhooks.outbound.api_models import AttemptStatus, StatusReport
from flowhooks.outbound.signing import SIGNATURE_HEADER, sign, verify

log = structlog.get_logger("flowhooks.outbound.demo_dialer")

DIAL_PATH = "/dial"
MAX_BODY_BYTES = 65536


@dataclass(frozen=True)
class Handoff:
    """What the dialer needs of one accepted attempt to report on it."""

    phonon_uuid: str
    attempt_number: int
    idempotency_key: str
    status_url: str
    received_at: datetime

    @property
    def dialer_call_id(self) -> str:
        return f"demo-{self.idempotency_key}"


def parse_handoff(body: bytes, now: datetime) -> Handoff:
    """The attempt in a hand-off body; ValueError naming the first field that is wrong."""
    data: Any = orjson.loads(body)
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    fields: dict[str, type] = {
        "phonon-uuid": str,
        "attempt-number": int,
        "idempotency-key": str,
        "status-url": str,
    }
    for name, kind in fields.items():
        if not isinstance(data.get(name), kind):
            raise ValueError(f"{name} is missing or not a {kind.__name__}")
    return Handoff(
        phonon_uuid=data["phonon-uuid"],
        attempt_number=data["attempt-number"],
        idempotency_key=data["idempotency-key"],
        status_url=data["status-url"],
        received_at=now,
    )


def answered_report(handoff: Handoff, ended: datetime) -> bytes:
    """The status report of an attempt answered on hand-off and hung up at `ended`."""
    report = StatusReport(
        phonon_uuid=handoff.phonon_uuid,
        attempt_number=handoff.attempt_number,
        status=AttemptStatus.ANSWERED,
        dialer_call_id=handoff.dialer_call_id,
        start_time=handoff.received_at,
        connect_time=handoff.received_at,
        end_time=ended,
        duration=max(1, round((ended - handoff.received_at).total_seconds())),
        hangup_cause="NORMAL_CLEARING",
    )
    return orjson.dumps(report.wire())


@dataclass
class DemoDialer:
    """The dialer's state: the flow's secret, the delay before answering, what it accepted."""

    secret: str
    answer_after: float = 1.0
    _accepted: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def accept(self, handoff: Handoff) -> bool:
        """Whether this hand-off is new (and so gets a report)."""
        with self._lock:
            if handoff.idempotency_key in self._accepted:
                return False
            self._accepted.add(handoff.idempotency_key)
            return True

    def report(self, handoff: Handoff) -> None:
        """Post the ANSWERED report, signed, to the attempt's status URL."""
        body = answered_report(handoff, datetime.now(UTC))
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)}
        try:
            response = httpx.post(handoff.status_url, content=body, headers=headers, timeout=5.0)
        except httpx.HTTPError as exc:
            log.warning(
                "demo_dialer_report_failed", phonon_uuid=handoff.phonon_uuid, error=str(exc)
            )
            return
        if response.status_code != 200:
            log.warning(
                "demo_dialer_report_refused",
                phonon_uuid=handoff.phonon_uuid,
                status=response.status_code,
            )


def _handler(dialer: DemoDialer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self, status: int, data: dict[str, str]) -> None:
            body = orjson.dumps(data)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path != DIAL_PATH:
                self._answer(404, {"error": f"POST attempts to {DIAL_PATH}"})
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not 0 < length <= MAX_BODY_BYTES:
                self._answer(400, {"error": f"Content-Length: 1 to {MAX_BODY_BYTES} bytes"})
                return
            raw = self.rfile.read(length)
            if not verify(dialer.secret, raw, self.headers.get(SIGNATURE_HEADER)):
                self._answer(401, {"error": f"{SIGNATURE_HEADER} does not match the body"})
                return
            try:
                handoff = parse_handoff(raw, datetime.now(UTC))
            except ValueError as exc:
                self._answer(400, {"error": f"Not a dialer hand-off: {exc}"})
                return
            if dialer.accept(handoff):
                timer = threading.Timer(dialer.answer_after, dialer.report, args=(handoff,))
                timer.daemon = True
                timer.start()
            self._answer(200, {"dialer-call-id": handoff.dialer_call_id})

    return Handler


class DemoDialerServer:
    """`dialer` served on host:port in a daemon thread until `stop()`.

    Binding happens in the constructor: a port already in use raises OSError there."""

    def __init__(self, dialer: DemoDialer, host: str = "127.0.0.1", port: int = 8090) -> None:
        self._server = ThreadingHTTPServer((host, port), _handler(dialer))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-dialer", daemon=True
        )
        self._thread.start()
        bound_host, bound_port = self._server.server_address[:2]
        self.url = f"http://{bound_host!s}:{bound_port}{DIAL_PATH}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
