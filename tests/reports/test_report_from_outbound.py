"""A report of a real outbound call: created by the API, dialled, reported, then pulled."""

from __future__ import annotations

import orjson

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from flowhooks.outbound.signing import SIGNATURE_HEADER, sign
from tests.conftest import ADMIN
from tests.methods.test_pull_report import csv_rows, pull, report_state, run_jobs
from tests.outbound.fixtures import DIALER_SECRET, Outbound

CREATE = "/kairos-apis/outbound/create"
STATUS = "/kairos-apis/outbound/status"


async def test_created_dialled_and_reported_call_is_in_the_pulled_csv(
    outbound: Outbound,
) -> None:
    """A call from the create API, answered per the dialer's report, is the report's row."""
    body = {
        "api-version": "1.0",
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "DEMOFLOW",
        "calls": [{"client-identifier": "loan-7", "contact-numbers": ["91997974 6666"]}],
    }
    created = await outbound.client.post(CREATE, json=body)
    assert created.status_code == 200, created.text
    uuid = created.json()["call-details"][0]["phonon-uuid"]
    assert await outbound.dispatch() == 1
    [hit] = outbound.dialer.hits
    assert hit.body["phonon-uuid"] == uuid
    status = {
        "phonon-uuid": uuid,
        "attempt-number": 1,
        "status": "ANSWERED",
        "start-time": "2026-11-25T04:30:00Z",
        "connect-time": "2026-11-25T04:30:20Z",
        "end-time": "2026-11-25T04:32:20Z",
        "duration": 120,
        "hangup-cause": "NORMAL_CLEARING",
        "recording-url": "https://rec.example/7.mp3",
    }
    raw = orjson.dumps(status)
    headers = {SIGNATURE_HEADER: sign(DIALER_SECRET, raw), "content-type": "application/json"}
    reported = await outbound.client.post(STATUS, content=raw, headers=headers)
    assert reported.status_code == 200, reported.text

    answer = await pull(outbound.client, phononUUID=uuid, fetchAttempt="ALL")
    assert answer["status"] == "SUCCESS"
    assert await run_jobs(outbound.app) == 1
    state = await report_state(outbound.client, answer["reportID"])
    assert state["state"] == "READY", state
    assert state["rows"] == 1
    file = await outbound.client.get(state["fileURL"], headers=ADMIN)
    assert file.status_code == 200
    [row] = csv_rows(file.content)
    assert row == {
        "phononUUID": uuid,
        "clientIdentifier": "loan-7",
        "flowID": "DEMOFLOW",
        "attemptNumber": "1",
        "contactNumber": "+919979746666",
        "status": "ANSWERED",
        "startTime": "2026-11-25T10:00:00+05:30",
        "connectTime": "2026-11-25T10:00:20+05:30",
        "endTime": "2026-11-25T10:02:20+05:30",
        "durationSeconds": "120",
        "hangupCause": "NORMAL_CLEARING",
        "recordingURL": "https://rec.example/7.mp3",
    }
