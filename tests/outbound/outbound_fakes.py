"""Local servers that play the dialers: a signed-JSON dialer and Exotel's Calls/connect.

Both are real HTTP servers on 127.0.0.1 ephemeral ports, run in a thread so that worker
processes started by tests can reach them too. They record what they receive and answer
what a script tells them to.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from flowhooks.outbound.signing import SIGNATURE_HEADER, verify


@dataclass
class DialerHit:
    """One request the fake dialer received."""

    body: dict[str, Any]
    idempotency_key: str
    signature_valid: bool


@dataclass
class FakeDialer:
    """A dialer endpoint: checks signatures, counts hand-offs per idempotency key.

    `script` maps a number to the HTTP statuses answered for it, in order (the last one
    repeats); numbers not in it get 200. `delay` (seconds) slows every answer.
    """

    secret: str
    script: dict[str, list[int]] = field(default_factory=dict)
    delay: float = 0.0
    hits: list[DialerHit] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _served: Counter[str] = field(default_factory=Counter)

    def status_for(self, number: str) -> int:
        with self._lock:
            plan = self.script.get(number, [200])
            n = self._served[number]
            self._served[number] += 1
        return plan[min(n, len(plan) - 1)]

    def record(self, hit: DialerHit) -> None:
        with self._lock:
            self.hits.append(hit)

    def per_key(self) -> Counter[str]:
        """How many requests arrived for each idempotency key."""
        with self._lock:
            return Counter(h.idempotency_key for h in self.hits)

    def accepted_keys(self) -> set[str]:
        """The idempotency keys of requests that were answered 2xx."""
        with self._lock:
            return {h.idempotency_key for h in self.hits if h.body.get("_accepted")}


def _dialer_handler(fake: FakeDialer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            valid = verify(fake.secret, raw, self.headers.get(SIGNATURE_HEADER))
            try:
                body = json.loads(raw)
            except ValueError:  # a sender killed mid-request leaves a cut body
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = fake.status_for(body.get("number", "")) if valid else 401
            if fake.delay:
                threading.Event().wait(fake.delay)
            body["_accepted"] = 200 <= status < 300
            fake.record(DialerHit(body, self.headers.get("Idempotency-Key", ""), valid))
            answer = json.dumps({"dialer-call-id": f"D-{body.get('idempotency-key')}"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@dataclass
class ExotelHit:
    """One Calls/connect request the fake Exotel received."""

    path: str
    form: dict[str, str]
    authorized: bool


@dataclass
class FakeExotel:
    """Exotel's Calls/connect: Basic auth, form fields, XML (or `.json`) answers.

    A `From` in `refuse` gets Exotel's 400 RestException; one in `fail` gets a 503.
    """

    sid: str
    api_key: str
    api_token: str
    refuse: set[str] = field(default_factory=set)
    fail: set[str] = field(default_factory=set)
    hits: list[ExotelHit] = field(default_factory=list)
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, hit: ExotelHit) -> int:
        with self._lock:
            self.hits.append(hit)
            return len(self.hits)


def _exotel_handler(fake: FakeExotel) -> type[BaseHTTPRequestHandler]:
    route = re.compile(rf"^/v1/Accounts/{re.escape(fake.sid)}/Calls/connect(\.json)?$")
    expected = "Basic " + base64.b64encode(f"{fake.api_key}:{fake.api_token}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            match = route.match(self.path)
            form = dict(parse_qsl(raw.decode()))
            authorized = self.headers.get("Authorization") == expected
            n = fake.record(ExotelHit(self.path, form, authorized))
            if match is None:
                self._send(404, "<TwilioResponse/>", "application/xml")
                return
            if not authorized:
                self._send(401, _rest_exception(401, "Authentication is required"), "text/xml")
                return
            if form.get("From") in fake.fail:
                self._send(503, "Service Unavailable", "text/plain")
                return
            missing = [f for f in ("From", "CallerId", "Url") if not form.get(f)]
            if missing or form.get("From") in fake.refuse:
                self._send(400, _rest_exception(400, "Invalid parameter: From"), "text/xml")
                return
            sid = f"exo{n:029d}"
            if match.group(1):
                answer = {"Call": {"Sid": sid, "Status": "in-progress", "From": form["From"]}}
                self._send(200, json.dumps(answer), "application/json")
            else:
                self._send(200, _call_xml(sid, form), "application/xml")

    return Handler


def _rest_exception(status: int, message: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TwilioResponse><RestException>'
        f"<Status>{status}</Status><Message>{message}</Message>"
        "</RestException></TwilioResponse>"
    )


def _call_xml(sid: str, form: dict[str, str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TwilioResponse><Call>'
        f"<Sid>{sid}</Sid><ParentCallSid/><DateCreated>2026-11-28 10:00:00</DateCreated>"
        f"<To>{form.get('CallerId', '')}</To><From>{form.get('From', '')}</From>"
        "<Status>in-progress</Status></Call></TwilioResponse>"
    )


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1:<free port> in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def fake_dialer_server(fake: FakeDialer) -> Iterator[FakeDialer]:
    """Run `fake` as a dialer endpoint at `fake.url` (path /dial)."""
    with serving(_dialer_handler(fake)) as base:
        fake.url = f"{base}/dial"
        yield fake


@contextmanager
def fake_exotel_server(fake: FakeExotel) -> Iterator[FakeExotel]:
    """Run `fake` as Exotel's API at `fake.base_url`."""
    with serving(_exotel_handler(fake)) as base:
        fake.base_url = base
        yield fake
