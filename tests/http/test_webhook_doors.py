"""Every door of the envelope: canonical, method-in-path, the six legacy paths, flat forms."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
import structlog
from fastapi import FastAPI

from flowhooks.http.routes.webhooks import LEGACY_SERVICES
from tests.conftest import AppFactory, client_for, flush_invocations

FETCH: dict[str, Any] = {
    "method": "fetchUserPreferences",
    "keys": [
        {"name": "$user.syskey.contactNumber", "value": "9812345678"},
        {"name": "$user.syskey.accountID", "value": "1"},
    ],
}


@pytest.mark.parametrize("service", LEGACY_SERVICES)
@pytest.mark.parametrize("env", ["prod", "test"])
@pytest.mark.parametrize("slash", ["", "/"])
async def test_every_legacy_path_carries_any_method(
    client: httpx.AsyncClient, demo_account: int, service: str, env: str, slash: str
) -> None:
    """/{service}/{prod|test} with or without a trailing slash answers the envelope."""
    response = await client.post(f"/{service}/{env}{slash}", json=FETCH)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "SUCCESS"


async def test_unknown_environment_is_404(client: httpx.AsyncClient, demo_account: int) -> None:
    """Only prod and test are environments."""
    response = await client.post("/reliance-nippon-v1/staging/", json=FETCH)
    assert response.status_code == 404


async def test_method_in_path_and_flat_body(client: httpx.AsyncClient, demo_account: int) -> None:
    """POST /webhook/{method} with a flat body and no "method" works (Twilio's reserved name)."""
    response = await client.post(
        "/webhook/FETCHUSERPREFERENCES", json={"contactNumber": "9812345678", "accountID": 1}
    )
    assert response.status_code == 200, response.text
    assert response.json()["method"] == "fetchUserPreferences"


async def test_path_and_body_must_agree(client: httpx.AsyncClient, demo_account: int) -> None:
    """A path naming one method and a body naming another is INVALID_FORMAT."""
    response = await client.post("/webhook/updateUserPreferences", json=FETCH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FORMAT"


async def test_format_flat_answers_a_string_map(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """?format=flat answers one flat map of strings."""
    response = await client.post("/webhook?format=flat", json=FETCH)
    body = response.json()
    assert body["$flow.key.status"] == "SUCCESS"
    assert body["$flow.key.userFound"] == "false"
    assert all(isinstance(v, str) for v in body.values())


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{oops", 400, "INVALID_FORMAT"),
        (b'{"keys": []}', 400, "INVALID_FORMAT"),
        (b'{"method": "fetchUserPreferences", "keys": "nope"}', 400, "INVALID_FORMAT"),
        (b'{"method": "fetchUserPreference", "keys": []}', 404, "UNKNOWN_METHOD"),
        (b'{"method": "fetchUserPreferences", "keys": []}', 422, "MISSING_PARAMETER"),
    ],
)
async def test_failures_have_honest_codes_and_error_variables(
    client: httpx.AsyncClient, demo_account: int, body: bytes, status: int, code: str
) -> None:
    """Each failure gets its HTTP status, its code, and the error variables in keys."""
    response = await client.post("/webhook", content=body)
    assert response.status_code == status
    answer = response.json()
    assert answer["status"] == "FAILED"
    assert answer["error"]["code"] == code
    names = {k["name"]: k["value"] for k in answer["keys"]}
    assert names["$flow.key.status"] == "FAILED"
    assert names["$flow.key.errorCode"] == code
    assert names["$flow.key.errorMessage"] == answer["error"]["message"]
    assert answer["requestId"]


@pytest.mark.parametrize("account_id", ["99999999999999999999", "2147483648", "9" * 5000, "²", "١"])
async def test_an_account_id_no_account_can_have_is_a_422(
    client: httpx.AsyncClient, demo_account: int, account_id: str
) -> None:
    """A huge or non-ASCII-digit accountID names the variable (it crashed the lookup: a 500)."""
    body = {
        "method": "fetchUserPreferences",
        "contactNumber": "9812345678",
        "accountID": account_id,
    }
    response = await client.post("/webhook", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "INVALID_PARAMETER"
    assert "accountID" in response.json()["error"]["message"]


async def test_unknown_method_names_the_closest(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """UNKNOWN_METHOD's message suggests the closest known names."""
    response = await client.post("/webhook", json={"method": "fetchUserPreference", "keys": []})
    assert "fetchUserPreferences" in response.json()["error"]["message"]


async def test_body_over_64_kb_is_413(client: httpx.AsyncClient, demo_account: int) -> None:
    """A body over the limit is refused with 413 before it is parsed, in the failure envelope
    (the fuzzing found a bare {"error"} answer here, which a flow cannot read)."""
    big = json.dumps({"method": "fetchUserPreferences", "pad": "x" * 70_000})
    response = await client.post("/webhook", content=big)
    assert response.status_code == 413
    answer = response.json()
    assert answer["status"] == "FAILED"
    assert answer["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert {"name": "$flow.key.errorCode", "value": "PAYLOAD_TOO_LARGE"} in answer["keys"]
    flat = await client.post("/webhook/fetchUserPreferences?format=flat", content=big)
    assert flat.json()["$flow.key.status"] == "FAILED"
    assert flat.json()["method"] == "fetchUserPreferences"
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_every_call_leaves_a_redacted_invocation_row(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """Success and failure each leave one row; secret-named values are stored as ***."""
    body = {
        "method": "fetchUserPreferences",
        "keys": FETCH["keys"] + [{"name": "$flow.key.apiKey", "value": "AIzaSECRET-VALUE-123"}],
    }
    ok = await client.post("/webhook", json=body)
    bad = await client.post(
        "/webhook", json={"method": "nope", "keys": [{"name": "token", "value": "tok-SECRET-456"}]}
    )
    await flush_invocations(app)
    listing = await client.get(
        "/api/v1/invocations", headers={"Authorization": "Bearer test-admin-token"}
    )
    rows = {r["requestId"]: r for r in listing.json()["invocations"]}
    good = rows[ok.json()["requestId"]]
    assert good["status"] == "SUCCESS"
    assert good["method"] == "fetchUserPreferences"
    assert good["accountId"] == 1
    assert {"name": "$flow.key.apiKey", "value": "***"} in good["inputs"]
    failed = rows[bad.json()["requestId"]]
    assert failed["errorCode"] == "UNKNOWN_METHOD"
    assert failed["httpStatus"] == 404
    dumped = json.dumps(listing.json())
    assert "AIzaSECRET-VALUE-123" not in dumped
    assert "tok-SECRET-456" not in dumped


async def test_secrets_never_reach_a_log_line(
    app_factory: AppFactory, demo_account: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """A secret passed as a variable or logged by name never appears in the log output."""
    application = await app_factory(log_format="json", log_level="debug")
    structlog.get_logger("test").info("probe", apiKey="AIzaLOGGED-SECRET", token="tok-LOGGED")
    async with client_for(application) as c:
        await c.post(
            "/webhook",
            json={"method": "broken", "keys": [{"name": "apiKey", "value": "AIzaLOGGED-SECRET"}]},
        )
    out = capsys.readouterr()
    assert "AIzaLOGGED-SECRET" not in out.err + out.out
    assert "tok-LOGGED" not in out.err + out.out


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


async def test_basic_auth_deployment(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """With webhook_auth=basic, calls need the account's credentials, which pick the account."""
    admin = {"Authorization": "Bearer test-admin-token"}
    response = await client.patch(
        "/api/v1/accounts/1",
        json={"basicUsername": "bank", "basicPassword": "s3cret-pass"},
        headers=admin,
    )
    assert response.status_code == 200, response.text
    application = await app_factory(webhook_auth="basic")
    body = {
        "method": "fetchUserPreferences",
        "keys": [{"name": "contactNumber", "value": "9812345678"}],
    }
    async with client_for(application) as c:
        assert (await c.post("/webhook", json=body)).status_code == 401
        wrong = await c.post("/webhook", json=body, headers=_basic("bank", "wrong-pass"))
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Basic")
        ok = await c.post("/webhook", json=body, headers=_basic("bank", "s3cret-pass"))
        assert ok.status_code == 200, ok.text


async def test_ip_allow_list(
    app_factory: AppFactory, client: httpx.AsyncClient, demo_account: int
) -> None:
    """An account with an allow-list refuses other addresses with 403 IP_NOT_ALLOWED."""
    admin = {"Authorization": "Bearer test-admin-token"}
    await client.patch(
        "/api/v1/accounts/1",
        json={"settings": {"webhooks": {"ip_allowlist": ["10.1.0.0/16"]}}},
        headers=admin,
    )
    application = await app_factory()
    async with client_for(application, client_addr=("192.0.2.7", 4000)) as outsider:
        response = await outsider.post("/webhook", json=FETCH)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "IP_NOT_ALLOWED"
    async with client_for(application, client_addr=("10.1.2.3", 4000)) as insider:
        assert (await insider.post("/webhook", json=FETCH)).status_code == 200


async def test_operations_endpoints(client: httpx.AsyncClient, demo_account: int) -> None:
    """healthz, readyz, metrics (with per-method series), the catalogue and OpenAPI answer."""
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    await client.post("/webhook", json=FETCH)
    metrics = (await client.get("/metrics")).text
    assert (
        'flowhooks_webhook_requests_total{method="fetchUserPreferences",status="SUCCESS"}'
        in metrics
    )
    assert "flowhooks_webhook_latency_seconds_bucket" in metrics
    catalogue = (await client.get("/webhook/methods")).json()
    assert {m["name"] for m in catalogue["methods"]} >= {
        "fetchUserPreferences",
        "updateUserPreferences",
    }
    schema = (await client.get("/openapi.json")).json()
    assert "/webhook" in schema["paths"]


async def test_failure_with_parsed_keys_stores_its_variables(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """A call that parsed but failed keeps its (redacted) variables; garbage keeps its size."""
    missing = await client.post("/webhook", json={"method": "fetchUserPreferences", "keys": []})
    garbage = await client.post("/webhook", content=b"{not json")
    await flush_invocations(app)
    listing = await client.get(
        "/api/v1/invocations", headers={"Authorization": "Bearer test-admin-token"}
    )
    rows = {r["requestId"]: r for r in listing.json()["invocations"]}
    assert rows[missing.json()["requestId"]]["inputs"] == []
    assert rows[garbage.json()["requestId"]]["inputs"] == {"unparsed_bytes": 9}
