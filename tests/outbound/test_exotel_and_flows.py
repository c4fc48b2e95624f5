"""An exotel flow end to end, and managing flows through the admin API and the CLI."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner, Result

from flowhooks.accounts.demo import DEMO_SECURITY_ID
from tests.conftest import ADMIN
from tests.outbound.fixtures import EXOTEL_API_KEY, EXOTEL_API_TOKEN, Outbound
from tests.outbound.outbound_fakes import FakeExotel

CREATE = "/kairos-apis/outbound/create"


async def test_exotel_flow_places_and_records(outbound: Outbound, fake_exotel: FakeExotel) -> None:
    """An exotel flow calls Calls/connect; its StatusCallback lands in the pull API."""
    await outbound.create_flow(
        flowId="EXOFLOW1",
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
    body = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "exoflow1",
        "calls": [{"contact-numbers": ["9979746666"]}],
    }
    created = (await outbound.client.post(CREATE, json=body)).json()
    uuid = created["call-details"][0]["phonon-uuid"]
    await outbound.dispatch()
    [hit] = fake_exotel.hits
    assert hit.authorized
    assert hit.form["From"] == "+919979746666"
    assert hit.form["CustomField"] == f"{uuid}:1"
    callback = urlsplit(hit.form["StatusCallback"]).path
    form = {
        "CallSid": "exo1",
        "Status": "completed",
        "DateUpdated": "2026-11-25 10:05:00",
        "EndTime": "2026-11-25 10:04:50",
        "ConversationDuration": "40",
        "RecordingUrl": "https://rec.example/exo1.mp3",
    }
    forged = callback.rsplit("/", 1)[0] + "/" + "0" * 64
    assert (await outbound.client.post(forged, data=form)).status_code == 401
    assert (await outbound.client.post(callback, data=form)).status_code == 200
    pull = {
        "security-id": DEMO_SECURITY_ID,
        "flow-id": "EXOFLOW1",
        "phonon-uuids": [uuid],
        "fetch-attempt": "LAST",
    }
    data = (await outbound.client.post("/kairos-apis/outbound/pull", json=pull)).json()
    [attempt] = data["calls"][0]["attempts"]
    assert attempt["status"] == "ANSWERED"
    assert attempt["duration"] == 40
    assert attempt["recording-url"] == "https://rec.example/exo1.mp3"
    assert attempt["connect-time"].startswith("2026-11-25T04:34:10")


async def test_flow_admin_api(outbound: Outbound) -> None:
    """Flows are listed and shown with masked secrets; bad settings are refused with 422."""
    listed = (await outbound.client.get("/api/v1/accounts/1/flows", headers=ADMIN)).json()
    assert [f["flowId"] for f in listed["flows"]] == ["DEMOFLOW"]
    assert "dialerSecret" not in listed["flows"][0]
    assert listed["flows"][0]["dialerSecretHint"] == "…ests"
    changed = await outbound.client.patch(
        "/api/v1/accounts/1/flows/demoflow",
        json={"maxAttempts": 5, "callingHours": "10:00-18:00"},
        headers=ADMIN,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["maxAttempts"], changed.json()["callingHours"]) == (5, "10:00-18:00")
    refused = [
        {"flowId": "short", "dialer": "http", "dialerUrl": "http://x"},
        {"flowId": "NEWFLOW1", "dialer": "http"},
        {"flowId": "NEWFLOW1", "dialer": "exotel"},
        {"flowId": "NEWFLOW1", "dialer": "fax"},
        {"flowId": "NEWFLOW1", "dialer": "http", "dialerUrl": "http://x", "maxAttempts": 0},
    ]
    for body in refused:
        response = await outbound.client.post("/api/v1/accounts/1/flows", json=body, headers=ADMIN)
        assert response.status_code == 422, (body, response.text)
    dup = {"flowId": "DEMOFLOW", "dialer": "http", "dialerUrl": "http://x"}
    response = await outbound.client.post("/api/v1/accounts/1/flows", json=dup, headers=ADMIN)
    assert response.status_code == 409
    assert (await outbound.client.get("/api/v1/accounts/1/flows")).status_code == 401
    missing = await outbound.client.get("/api/v1/accounts/1/flows/NOSUCHFL", headers=ADMIN)
    assert missing.status_code == 404


def _cli(db_url: str, *args: str) -> Result:
    """Run `flowhooks …` in-process (the same typer app the console script runs)."""
    from flowhooks.cli.main import app

    return CliRunner().invoke(app, list(args), env={"FLOWHOOKS_DATABASE_URL": db_url})


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_flows_cli(db_url: str) -> None:
    """`flowhooks flows create|list|show|update` manage flows; a bad one exits 1."""
    assert _cli(db_url, "accounts", "create", "--id", "7", "--name", "Seven").exit_code == 0
    created = _cli(
        db_url,
        "flows", "create", "--account", "7", "--flow-id", "CLIFLOW1", "--dialer", "http",
        "--dialer-url", "http://127.0.0.1:9/dial", "--max-attempts", "2",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert '"dialerSecret"' in created.stdout
    listed = _cli(db_url, "flows", "list", "--account", "7")
    assert "CLIFLOW1\thttp\tactive" in listed.stdout
    updated = _cli(
        db_url, "flows", "update", "--account", "7", "--flow-id", "CLIFLOW1", "--inactive"
    )
    assert updated.exit_code == 0, updated.output
    shown = _cli(db_url, "flows", "show", "--account", "7", "--flow-id", "CLIFLOW1")
    assert '"active": false' in shown.stdout
    assert 'dialerSecret"' not in shown.stdout
    bad = _cli(db_url, "flows", "create", "--account", "7", "--flow-id", "x", "--dialer", "http")
    assert bad.exit_code == 1
    assert "flowId" in bad.stderr
