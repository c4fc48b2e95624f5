"""The HTTP front: its table of doors, and every door of the envelope (canonical,
method-in-path, the six legacy paths, flat forms), the seed's shortener and the redirect,
with the answers FastAPI's router gives around them (405, slash redirects, 404)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import httpx
import pytest
import structlog
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from flowhooks.http.doors import Door
from flowhooks.http.front import DOORS, declared_paths
from flowhooks.methods import REGISTRY
from flowhooks.registry import LEGACY_SERVICES
from flowhooks.shortlinks.codes import is_reserved
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


def _door(method: str, path: str) -> Door | None:
    return next(
        (d for d in DOORS if method in d.methods and d.pattern.fullmatch(path) is not None), None
    )


@pytest.mark.parametrize(
    ("path", "handler", "method"),
    [
        ("/webhook", "serve_webhook", None),
        ("/webhook/fetchUserPreferences", "serve_named_webhook", "fetchUserPreferences"),
        ("/centraloutboundwebhook-v1/prod", "serve_legacy_webhook", None),
        ("/centraloutboundwebhook-v1/test/", "serve_legacy_webhook", None),
        ("/reliance-nippon-v1/staging/", "serve_legacy_webhook", None),
        ("/UrlShortner/phonon/shortUrl", "serve_shortener", None),
        ("/webhook/methods/x", None, None),
        ("/webhook/", "serve_webhook", None),
        ("/centraloutboundwebhook-v1/", "serve_legacy_webhook", None),
        ("/reliance-nippon-v1", "serve_legacy_webhook", None),
        ("/webhook/fetchUserPreferences/", None, None),
        ("/api/v1/accounts", None, None),
        ("/UrlShortner/phonon/shortUrl/", None, None),
    ],
)
def test_which_posts_the_front_takes(path: str, handler: str | None, method: str | None) -> None:
    """The table names the handler of each POST path (and the method a path names)."""
    door = _door("POST", path)
    assert (door.serve.__name__ if door else None) == handler
    if door is not None and "method" in door.pattern.groupindex:
        found = door.pattern.fullmatch(path)
        assert found is not None
        assert found["method"] == method


FETCH_FLAT = {"contactNumber": "9812345678", "accountID": 1}


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/webhook", FETCH, 200, None),
        ("/centraloutboundwebhook-v1/prod/?format=flat", FETCH, 200, None),
        ("/webhook/fetchUserPreferences", FETCH_FLAT, 200, None),
        ("/webhook/updateUserPreferences", FETCH, 400, "INVALID_FORMAT"),
        ("/webhook", {"method": "nope", "keys": []}, 404, "UNKNOWN_METHOD"),
        ("/webhook", "not json", 400, "INVALID_FORMAT"),
        (
            "/webhook",
            {"method": "fetchUserPreferences", "pad": "x" * 70_000},
            413,
            "PAYLOAD_TOO_LARGE",
        ),
    ],
)
async def test_every_webhook_answer_is_json_with_its_status(
    client: httpx.AsyncClient,
    demo_account: int,
    path: str,
    body: Any,
    status: int,
    code: str | None,
) -> None:
    """A webhook door answers JSON with the call's status and error code, flat on request."""
    content = body.encode() if isinstance(body, str) else None
    json_body = None if isinstance(body, str) else body
    response = await client.post(path, json=json_body, content=content)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    if "format=flat" in path:
        assert answer["$flow.key.status"] == "SUCCESS"
    else:
        assert (answer["error"] or {}).get("code") == code
        assert answer["status"] == ("SUCCESS" if code is None else "FAILED")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"custToken": "abcd1234", "longUrl": "https://example.com/a"}, 200, None),
        ({"custToken": "wrong", "longUrl": "https://example.com/a"}, 401, "UNAUTHORIZED"),
        ({"longUrl": "https://example.com/a"}, 401, "UNAUTHORIZED"),
        ({"custToken": "abcd1234", "longUrl": "javascript:alert(1)"}, 400, "INVALID_URL"),
        ({"custToken": "abcd1234"}, 400, "INVALID_FORMAT"),
        ("not json", 400, "INVALID_FORMAT"),
        (
            {"custToken": "abcd1234", "longUrl": "https://example.com/" + "x" * 70_000},
            413,
            "PAYLOAD_TOO_LARGE",
        ),
    ],
)
async def test_the_seed_shortener_answers_its_json_or_the_error_form(
    client: httpx.AsyncClient, demo_account: int, body: Any, status: int, code: str | None
) -> None:
    """The seed's shortener: a short URL, or {"error"} with its status (Bearer on a 401)."""
    content = body.encode() if isinstance(body, str) else None
    json_body = None if isinstance(body, str) else body
    response = await client.post("/UrlShortner/phonon/shortUrl", json=json_body, content=content)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    if code is None:
        assert response.json()["shortUrl"].startswith("http")
    else:
        assert response.json()["error"]["code"] == code
    assert response.headers.get("www-authenticate") == ("Bearer" if status == 401 else None)


async def test_redirects_and_the_routes_declared_beside_them(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """GET/HEAD of a one-segment path is a redirect unless a route declares it for that
    method: /healthz, /docs, /admin… stay FastAPI's."""
    made = await client.post(
        "/UrlShortner/phonon/shortUrl",
        json={"custToken": "abcd1234", "longUrl": "https://example.com/x", "slug": "doorlink"},
    )
    assert made.status_code == 200, made.text
    for method in ("GET", "HEAD"):
        found = await client.request(method, "/doorlink")
        assert (found.status_code, found.headers["location"]) == (302, "https://example.com/x")
        missing = await client.request(method, "/nosuchlink")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "text/html; charset=utf-8"
        assert (await client.request(method, "/docs")).status_code == 200
        assert (await client.request(method, "/openapi.json")).status_code == 200
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).status_code == 200
    assert (await client.get("/metrics")).status_code == 200
    assert (await client.get("/admin")).status_code == 303
    # Declared for GET only, so HEAD is the redirect door's: no link has a reserved name.
    assert (await client.head("/healthz")).status_code == 404


METHOD_NOT_ALLOWED = {"error": {"code": "METHOD_NOT_ALLOWED", "message": "Method Not Allowed"}}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/webhook/fetchUserPreferences"),
        ("OPTIONS", "/webhook"),
        ("PUT", "/webhook"),
        ("GET", "/centraloutboundwebhook-v1/prod/"),
        ("GET", "/reliance-nippon-v1/staging"),
        ("GET", "/UrlShortner/phonon/shortUrl"),
        ("DELETE", "/UrlShortner/phonon/shortUrl"),
        ("POST", "/doorlink"),
        ("OPTIONS", "/nosuchlink"),
        ("POST", "/healthz"),
        ("HEAD", "/webhook/methods"),
    ],
)
async def test_another_http_method_on_a_door_is_405(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    """A door's path with an HTTP method it does not take is 405 in the error form."""
    response = await client.request(method, path)
    assert response.status_code == 405
    if method != "HEAD":
        assert response.json() == METHOD_NOT_ALLOWED


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/webhook/fetchUserPreferences/", "/webhook/fetchUserPreferences"),
        ("/webhook/methods/", "/webhook/methods"),
        ("/UrlShortner/phonon/shortUrl/", "/UrlShortner/phonon/shortUrl"),
        ("/doorlink/", "/doorlink"),
    ],
)
async def test_a_trailing_slash_too_many_redirects_to_the_door(
    client: httpx.AsyncClient, path: str, location: str
) -> None:
    """As FastAPI's router does for its routes: 307 to the path without the slash."""
    for method in ("GET", "POST"):
        response = await client.request(method, path, content=b"{}")
        assert response.status_code == 307
        assert response.headers["location"] == "http://testserver" + location


@pytest.mark.parametrize(
    "path", ["/nope/nope/nope", "/", "/webhook/methods/x", "/UrlShortner/phonon"]
)
async def test_a_path_no_door_or_route_takes_is_404(client: httpx.AsyncClient, path: str) -> None:
    """Not found, in the error form."""
    response = await client.post(path, content=b"{}")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "NOT_FOUND", "message": "Not Found"}}


async def test_a_post_to_webhook_with_a_slash_answers_as_webhook(
    client: httpx.AsyncClient, demo_account: int
) -> None:
    """POST /webhook/ is /webhook: a flow's widget does not follow a redirect on POST."""
    response = await client.post("/webhook/", json=FETCH)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "SUCCESS"


@pytest.mark.parametrize("service", LEGACY_SERVICES)
@pytest.mark.parametrize("slash", ["", "/"])
async def test_a_legacy_path_without_environment_is_the_failure_envelope(
    client: httpx.AsyncClient, demo_account: int, service: str, slash: str
) -> None:
    """POST /{service}/ answers 404 with the envelope a flow reads, naming /{service}/prod/."""
    response = await client.post(f"/{service}{slash}", json=FETCH)
    assert response.status_code == 404
    answer = response.json()
    assert answer["status"] == "FAILED"
    variables = {key["name"]: key["value"] for key in answer["keys"]}
    assert variables["$flow.key.errorCode"] == "NOT_FOUND"
    assert f"/{service}/prod/" in variables["$flow.key.errorMessage"]
    assert answer["error"]["code"] == "NOT_FOUND"


async def test_a_legacy_path_refusal_leaves_an_invocation_row(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int
) -> None:
    """The refused call is logged with its path, as every webhook call is."""
    refused = await client.post("/centraloutboundwebhook-v1/", json=FETCH)
    await flush_invocations(app)
    listing = await client.get(
        "/api/v1/invocations", headers={"Authorization": "Bearer test-admin-token"}
    )
    rows = {r["requestId"]: r for r in listing.json()["invocations"]}
    row = rows[refused.json()["requestId"]]
    assert row["errorCode"] == "NOT_FOUND"
    assert row["httpStatus"] == 404


async def test_an_unknown_environment_says_which_exist(client: httpx.AsyncClient) -> None:
    """The 404 of a legacy path is the failure envelope naming the environments and the
    expected body."""
    response = await client.post("/chatbotwebhook-v1/staging", json=FETCH)
    assert response.status_code == 404
    assert response.json()["status"] == "FAILED"
    message = response.json()["error"]["message"]
    assert "'staging'" in message
    assert "prod or test" in message
    assert '"method"' in message


def _sample(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_no_route_duplicates_a_door(app: FastAPI) -> None:
    """FastAPI declares no route a door answers: only fixed paths it declares for the method
    (which the front leaves to it) may fit a door's pattern."""
    declared = set(declared_paths(app.routes))
    for route in iter_route_contexts(app.routes):
        for method in route.methods or ():
            door = _door(method, _sample(route.path or ""))
            if door is not None:
                assert (method, route.path) in declared, (method, route.path)


def test_no_short_link_can_shadow_a_door() -> None:
    """Every first segment of a door's documented paths is a reserved slug."""
    for door in DOORS:
        for operation in door.operations:
            first = operation.path.split("/")[1]
            assert first.startswith("{") or is_reserved(first), first


async def test_the_schema_documents_every_door(client: httpx.AsyncClient) -> None:
    """Each door's operations are in /openapi.json; a webhook's body is generated from the
    registry (one form per method, then the free form), with ?format=flat."""
    paths = (await client.get("/openapi.json")).json()["paths"]
    for door in DOORS:
        for operation in door.operations:
            documented = paths[operation.path]
            assert set(documented) == {m.lower() for m in door.methods - {"HEAD"}}
            for described in documented.values():
                assert described["operationId"] == operation.operation_id
                assert described["tags"] == [door.tag]
    webhook = paths["/webhook/{method}"]["post"]
    forms = webhook["requestBody"]["content"]["application/json"]["schema"]["anyOf"]
    assert len(forms) == len(REGISTRY) + 1
    assert [p["name"] for p in webhook["parameters"]] == ["method", "format"]
    assert paths["/reliance-nippon-v1/{env}"]["post"]["parameters"][0]["schema"] == {
        "enum": ["prod", "test"]
    }
