"""Schemathesis against the app's own OpenAPI schema: every operation, with and without credentials.

The schema is the one `/openapi.json` serves (webhook bodies and answers come from the
registry, see flowhooks/http/openapi.py). Each operation runs twice: with the
credentials it takes (the admin bearer token on /api/v1/*, the demo account's Basic
credentials on the webhook doors, its custToken in the seed's short-URL body) and with none.

What must hold: no 5xx, except a 503 the operation documents, or a webhook's documented
502/504 when a provider (on a closed local port here) fails; every answer conforms to the
schema (status code, content type, body) where schemathesis can check it.

Fast by default (FLOWHOOKS_FUZZ_EXAMPLES=5 examples an operation, a fixed seed); deeper:
`FLOWHOOKS_FUZZ_EXAMPLES=200 pytest tests/fuzz`. docs/fuzzing.md says more.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import checks as built_in
from schemathesis.python import asgi

from flowhooks.http.app import create_app
from flowhooks.settings import Settings
from tests.system.fuzz.fuzz_app import (
    ADMIN_HEADER,
    BASIC_HEADER,
    CUST_TOKEN,
    build_app,
    prepare_database,
)

EXAMPLES = int(os.environ.get("FLOWHOOKS_FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("FLOWHOOKS_FUZZ_SEED", "20240901"))
WEBHOOK_TAG = "webhooks"
# A webhook whose provider fails answers 502/504 by contract; only with these codes.
UPSTREAM_CODES = {502: "UPSTREAM_ERROR", 504: "UPSTREAM_TIMEOUT"}


@pytest.fixture(scope="module")
def fuzz_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One SQLite database for the module, migrated, with the demo account."""
    root = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite+aiosqlite:///{root / 'fuzz.db'}"
    asyncio.run(prepare_database(url))
    return url, root / "data"


@pytest.fixture
def fuzzed_app(fuzz_database: tuple[str, Path]) -> Iterator[FastAPI]:
    """A new app for each test: schemathesis's ASGI transport starts its lifespan on the first
    request and ends it when the test ends (the database, and what earlier tests wrote, stay)."""
    url, data_dir = fuzz_database
    yield build_app(url, data_dir)
    asgi.shutdown_lifespans()


def _served_schema() -> dict[str, Any]:
    """The schema /openapi.json serves, read at collection from an app that is never started."""
    never_opened = Path(tempfile.gettempdir()) / "flowhooks-schema-only.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{never_opened}")
    app = create_app(settings, migrate_on_start=False)
    served: dict[str, Any] = app.openapi()
    return served


DEEP = "FLOWHOOKS_FUZZ_EXAMPLES" in os.environ
# The six legacy paths are answered by the same front handler as /webhook (http/front.py).
# By default they get the examples and the random phase; the coverage phase (~500 cases a
# webhook path) runs on /webhook and /webhook/{method} only. A deeper run covers every path.
LEGACY_ONLY_RANDOM = {
    "include-path-regex": "^/[a-z]+(webhook|nippon)-v1/",
    "phases": {"coverage": {"enabled": False}},
}
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "deterministic": True},
        "phases": {"stateful": {"enabled": False}},
        "operations": [] if DEEP else [LEGACY_ONLY_RANDOM],
    }
)
schema = schemathesis.openapi.from_dict(_served_schema(), config=CONFIG)


def _is_webhook(case: schemathesis.Case[Any]) -> bool:
    return WEBHOOK_TAG in case.operation.definition.raw.get("tags", ())


def _documented(case: schemathesis.Case[Any], status: int) -> bool:
    return str(status) in case.operation.definition.raw.get("responses", {})


@schemathesis.check
def no_server_error(
    ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    """No 5xx, except a documented 503, or a webhook's documented provider failure."""
    status = response.status_code
    if status < 500:
        return
    if status == 503 and _documented(case, status):
        return
    if status in UPSTREAM_CODES and _is_webhook(case) and _documented(case, status):
        answer = response.json()
        code = (answer.get("error") or {}).get("code") or answer.get("$flow.key.errorCode")
        if code == UPSTREAM_CODES[status]:
            return
    raise AssertionError(f"{case.operation.label} answered {status}: {response.text[:500]}")


def _credentials(case: schemathesis.Case[Any]) -> dict[str, str]:
    """The headers a legitimate caller of this operation sends (the body is set in place)."""
    path = case.operation.path
    if path.startswith("/api/v1/"):
        return {"Authorization": ADMIN_HEADER}
    if _is_webhook(case) and case.method.upper() == "POST":
        return {"Authorization": BASIC_HEADER}
    if path == "/UrlShortner/phonon/shortUrl" and isinstance(case.body, dict):
        case.body["custToken"] = CUST_TOKEN
    return {}


CHECKS = [
    no_server_error,
    built_in.status_code_conformance,
    built_in.content_type_conformance,
    built_in.response_headers_conformance,
    built_in.response_schema_conformance,
]


@pytest.mark.parametrize("authenticated", [True, False], ids=["credentials", "anonymous"])
@schema.parametrize()
# One app per operation, shared by its examples (a new app per example would cost ~50 ms each).
@settings(
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_operation_holds(
    case: schemathesis.Case[Any], fuzzed_app: FastAPI, authenticated: bool
) -> None:
    """As its legitimate caller and with no credentials: inside the schema, no undocumented 5xx."""
    headers = _credentials(case) if authenticated else {}
    case.call_and_validate(app=fuzzed_app, headers=headers, checks=CHECKS)
