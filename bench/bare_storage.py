"""The storage limit: bare Starlette (orjson) doing only the query a flowhooks case needs.

fetchUserPreferences is compared with ``POST /select`` (read one contact's values by
(account, contact)), updateUserPreferences and the other writing cases with ``POST /upsert``
(insert or replace one contact's values, committed). Both take the flowhooks case's own
envelope and pull the contact and values out of its ``keys`` list, so the parsing work is
comparable; what the ratio to them leaves is what flowhooks adds around the query. The
database comes from BENCH_STORAGE_URL (bench/bare_stores.py), read at startup.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.bare_stores import Store, open_store
from bench.cases import STORAGE_ENV

CONTACT_KEY = "$user.syskey.contactNumber"
ACCOUNT_KEY = "$user.syskey.accountID"
VALUE_PREFIX = "$user.key."


@dataclass(frozen=True)
class ContactCall:
    """What a user-preferences envelope says: whose values, and (for a write) which."""

    account_id: int
    contact: str
    values: dict[str, Any]


def parse_call(body: bytes) -> ContactCall:
    """Read the envelope's ``keys`` list as flowhooks does: contact, account, $user.key.*."""
    keys = orjson.loads(body)["keys"]
    found = {item["name"]: item["value"] for item in keys}
    values = {
        name[len(VALUE_PREFIX) :]: value
        for name, value in found.items()
        if name.startswith(VALUE_PREFIX)
    }
    return ContactCall(int(found[ACCOUNT_KEY]), str(found[CONTACT_KEY]), values)


def _json(document: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(document), status_code, media_type="application/json")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def select(request: Request) -> Response:
    """The contact's values, or 404 when the contact has no row."""
    call = parse_call(await request.body())
    data = await _store(request).select(call.account_id, call.contact)
    if data is None:
        return _json({"status": "not found"}, 404)
    return _json({"status": "ok", "values": orjson.loads(data)})


async def upsert(request: Request) -> Response:
    """Store the contact's values (one statement, committed) and say so."""
    call = parse_call(await request.body())
    await _store(request).upsert(call.account_id, call.contact, orjson.dumps(call.values).decode())
    return _json({"status": "ok"})


async def ready(request: Request) -> Response:
    """Up: the lifespan opened the store before the server took requests."""
    return _json({"status": "ok"})


def create_app(url: str | None = None) -> Starlette:
    """The app on ``url`` (default: $BENCH_STORAGE_URL, read when the app starts)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.store = await open_store(url or os.environ[STORAGE_ENV])
        try:
            yield
        finally:
            await app.state.store.close()

    return Starlette(
        routes=[
            Route("/readyz", ready, methods=["GET"]),
            Route("/select", select, methods=["POST"]),
            Route("/upsert", upsert, methods=["POST"]),
        ],
        lifespan=lifespan,
    )


app = create_app()
