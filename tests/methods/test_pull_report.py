"""Pullreport through the real HTTP app: queued at once, built by the job, delivered."""

from __future__ import annotations

import asyncio
import csv
import email
import io
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.store.jobs import JobRow
from tests.conftest import ADMIN, AppFactory, client_for
from tests.reports.attempts import Attempt, Call, add_calls, add_flow
from tests.reports.fixtures import serve_receiver
from tests.reports.report_servers import Receiver, SmtpServer
from tests.webhook_calls import FLOW, call_webhook, post_webhook

PATH = "/pullreportapiwebhook-v1/prod/"
T0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


async def seed_attempts(app: FastAPI) -> None:
    """Two calls of flow AbCd1234: uuid-a dialled twice (then answered), uuid-b once."""

    def attempt(n: int, status: str, minutes: int) -> Attempt:
        start = T0 + timedelta(minutes=minutes)
        answered = status == "ANSWERED"
        return Attempt(
            number=n,
            status=status,
            start_time=start,
            connect_time=start + timedelta(seconds=5) if answered else None,
            end_time=start + timedelta(seconds=65),
            duration=60 if answered else None,
            hangup_cause="NORMAL_CLEARING" if answered else "NO_ANSWER",
        )

    db = app.state.runtime.db
    flow_pk = await add_flow(db, "AbCd1234")
    await add_calls(
        db,
        flow_pk,
        [
            Call("uuid-a", [attempt(1, "NO_ANSWER", 0), attempt(2, "ANSWERED", 10)], "client-a"),
            Call("uuid-b", [attempt(1, "BUSY", 20)], "client-b"),
        ],
    )


async def pull(client: httpx.AsyncClient, **keys: str) -> dict[str, str]:
    """Pullreport for account 1 with `keys` as $flow.key variables; its answer's outputs."""
    return await call_webhook(
        client, "Pullreport", {**keys, "accountID": "1"}, path=PATH, scope=FLOW
    )


async def run_jobs(app: FastAPI) -> int:
    worked: int = await app.state.runtime.job_worker.run_once()
    return worked


async def make_due(app: FastAPI) -> None:
    """Skip the queue's backoff wait: the retried job is due now."""
    async with app.state.runtime.db.session() as session:
        await session.execute(sa.update(JobRow).values(run_at=T0 - timedelta(days=1)))


async def report_state(client: httpx.AsyncClient, report_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/reports/{report_id}", headers=ADMIN)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def set_reports(client: httpx.AsyncClient, settings: dict[str, Any]) -> None:
    response = await client.patch(
        "/api/v1/accounts/1", json={"settings": {"reports": settings}}, headers=ADMIN
    )
    assert response.status_code == 200, response.text


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


async def test_report_answers_at_once_and_is_kept_for_download(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """The webhook answers QUEUED with an ID; the job builds the file, READY for download."""
    await seed_attempts(app)
    answer = await pull(client, phononUUID="uuid-a,uuid-b", fetchAttempt="ALL")
    assert answer["status"] == "SUCCESS"
    assert answer["reportState"] == "QUEUED"
    report_id = answer["reportID"]
    assert (await report_state(client, report_id))["state"] == "QUEUED"
    assert await run_jobs(app) == 1
    state = await report_state(client, report_id)
    assert state["state"] == "READY"
    assert state["rows"] == 3
    file = await client.get(state["fileURL"], headers=ADMIN)
    assert file.status_code == 200
    assert file.headers["content-type"].startswith("text/csv")
    rows = csv_rows(file.content)
    assert [(r["phononUUID"], r["attemptNumber"]) for r in rows] == [
        ("uuid-a", "1"),
        ("uuid-a", "2"),
        ("uuid-b", "1"),
    ]
    assert rows[1]["startTime"] == "2026-11-02T10:10:00+05:30"


async def test_last_attempt_by_flow_and_dates(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """fetchAttempt LAST by flow and local dates gives each call's last attempt only."""
    await seed_attempts(app)
    answer = await pull(client, flowID="AbCd1234", fromDate="2026-11-02", toDate="2026-11-02")
    await run_jobs(app)
    state = await report_state(client, answer["reportID"])
    file = await client.get(state["fileURL"], headers=ADMIN)
    rows = csv_rows(file.content)
    assert [(r["phononUUID"], r["status"]) for r in rows] == [
        ("uuid-a", "ANSWERED"),
        ("uuid-b", "BUSY"),
    ]
    empty = await pull(client, flowID="AbCd1234", fromDate="2026-11-03", toDate="2026-11-04")
    await run_jobs(app)
    assert (await report_state(client, empty["reportID"]))["rows"] == 0


async def test_report_needs_uuids_or_a_flow_range(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """Without UUIDs or a flow with dates the webhook is a 422 that says what it needs."""
    response = await post_webhook(client, "Pullreport", {"accountID": "1"}, path=PATH, scope=FLOW)
    assert response.status_code == 422
    assert "flowID with fromDate and toDate" in response.json()["error"]["message"]
    backwards = {
        "accountID": "1",
        "flowID": "AbCd1234",
        "fromDate": "2026-11-05",
        "toDate": "2026-11-01",
    }
    response = await post_webhook(client, "Pullreport", backwards, path=PATH, scope=FLOW)
    assert response.status_code == 422


async def test_a_date_at_the_calendars_limits_is_422_naming_it(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """toDate 9999-12-31 is refused naming it (the day after it overflowed: a 500)."""
    keys = {
        "accountID": "1",
        "flowID": "AbCd1234",
        "fromDate": "2026-11-01",
        "toDate": "9999-12-31",
    }
    response = await post_webhook(client, "Pullreport", keys, path=PATH, scope=FLOW)
    assert response.status_code == 422, response.text
    assert "$flow.key.toDate" in response.json()["error"]["message"]


async def test_xlsx_report_is_posted_to_the_account_url(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, receiver: Receiver
) -> None:
    """An XLSX report is delivered by HTTP POST and opens with the right rows."""
    await seed_attempts(app)
    await set_reports(client, {"destination": "http", "http_url": receiver.url})
    answer = await pull(client, phononUUID="uuid-a", fetchAttempt="ALL", format="xlsx")
    await run_jobs(app)
    state = await report_state(client, answer["reportID"])
    assert state["state"] == "DELIVERED", state
    assert state["destination"] == f"POST {receiver.url}"
    (upload,) = receiver.uploads
    assert upload.fields["reportID"] == answer["reportID"]
    book = openpyxl.load_workbook(io.BytesIO(upload.content), read_only=True)
    values = list(book["Report"].iter_rows(values_only=True))
    book.close()
    assert [(v[0], v[3]) for v in values[1:]] == [("uuid-a", 1), ("uuid-a", 2)]


async def test_csv_report_is_mailed_with_the_file_attached(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, smtp_server: SmtpServer
) -> None:
    """A CSV report is e-mailed, and the decoded attachment has the right rows."""
    await seed_attempts(app)
    await set_reports(
        client,
        {
            "destination": "email",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_server.port,
            "smtp_security": "none",
            "email_from": "reports@flowhooks.example",
            "email_to": ["ops@example.com"],
        },
    )
    answer = await pull(client, phononUUID="uuid-a,uuid-b")
    await run_jobs(app)
    state = await report_state(client, answer["reportID"])
    assert state["state"] == "DELIVERED", state
    ((_, recipients, raw),) = smtp_server.inbox.messages
    assert recipients == ["ops@example.com"]
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    (part,) = list(message.iter_attachments())
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert part.get_filename() == f"{answer['reportID']}.csv"
    assert [r["phononUUID"] for r in csv_rows(payload)] == ["uuid-a", "uuid-b"]


async def test_destination_down_is_retried_and_the_state_says_so(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, closed_port: int
) -> None:
    """While the URL is down the report is RETRYING with the error; once up, DELIVERED."""
    await seed_attempts(app)
    url = f"http://127.0.0.1:{closed_port}/upload"
    await set_reports(client, {"destination": "http", "http_url": url, "delivery_attempts": 1})
    answer = await pull(client, phononUUID="uuid-b")
    await run_jobs(app)
    state = await report_state(client, answer["reportID"])
    assert state["state"] == "RETRYING"
    assert "could not connect" in state["error"]
    assert state["attempts"] == 1
    assert state["fileURL"] is not None  # built once, downloadable meanwhile
    async with serve_receiver(closed_port) as receiver:
        await make_due(app)
        assert await run_jobs(app) == 1
        state = await report_state(client, answer["reportID"])
        assert state["state"] == "DELIVERED"
        assert state["attempts"] == 2
        assert state["error"] is None
        assert [r["phononUUID"] for r in csv_rows(receiver.uploads[0].content)] == ["uuid-b"]


async def test_refusing_destination_fails_the_report(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, receiver: Receiver
) -> None:
    """A destination that refuses the file (4xx) makes the report FAILED with the reason."""
    receiver.statuses = [403]
    await seed_attempts(app)
    await set_reports(client, {"destination": "http", "http_url": receiver.url})
    answer = await pull(client, phononUUID="uuid-a")
    await run_jobs(app)
    state = await report_state(client, answer["reportID"])
    assert state["state"] == "FAILED"
    assert "HTTP 403" in state["error"]


async def test_unknown_report_is_404(client: httpx.AsyncClient) -> None:
    """An unknown report ID answers 404 REPORT_NOT_FOUND; the API needs the admin token."""
    response = await client.get("/api/v1/reports/rpt_nope", headers=ADMIN)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "REPORT_NOT_FOUND"
    assert (await client.get("/api/v1/reports/rpt_nope")).status_code == 401


async def test_report_that_cannot_be_written_says_why(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """When the file cannot be written the report is RETRYING with the reason, not stuck."""
    from flowhooks.accounts import demo

    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data directory should be")
    app = await app_factory(data_dir=str(blocked))
    await demo.seed(app.state.runtime.db)
    async with client_for(app) as client:
        answer = await pull(client, phononUUID="uuid-a")
        await run_jobs(app)
        state = await report_state(client, answer["reportID"])
    assert state["state"] == "RETRYING"
    assert "building the file failed" in state["error"]


async def test_embedded_worker_builds_the_report_by_itself(
    app_factory: AppFactory, demo_account: int
) -> None:
    """With the embedded worker running, a pulled report becomes READY without help."""
    app = await app_factory(background=True)
    await seed_attempts(app)
    async with client_for(app) as client:
        answer = await pull(client, phononUUID="uuid-a", fetchAttempt="ALL")
        for _ in range(200):
            state = await report_state(client, answer["reportID"])
            if state["state"] == "READY":
                break
            await asyncio.sleep(0.05)
    assert state["state"] == "READY"
    assert state["rows"] == 2
