"""The storage limits: the case-to-limit mapping, the bare apps' routes, and the ratios."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
import orjson
import pytest
from bench.bare_starlette import app as starlette_app
from bench.bare_storage import create_app
from bench.cases import (
    BARE_STORAGE,
    BASELINE,
    BENCH_LONG_URL,
    BENCH_SLUG,
    CASE_SETS,
    FLOWHOOKS,
    LIMIT_REDIRECT,
    LIMIT_SELECT,
    LIMIT_UPSERT,
    LIMITS,
    STORAGE_ENV,
    Case,
)
from bench.databases import bare_storage_url
from bench.ratios import apply_ratios
from bench.report import Row, format_table
from bench.runner import PRODUCTION_ENV, database_env, selected_sets, server_env
from starlette.applications import Starlette

CASES = {case.name: case for case_set in CASE_SETS for case in case_set.cases}
TARGET_OF = {case.name: s.target for s in CASE_SETS for case in s.cases}


def _body(case_name: str, **replace: str) -> bytes:
    """A case's own JSON body, with some keys' values replaced."""
    body = CASES[case_name].body
    assert body is not None
    keys = [{**item, "value": replace.get(item["name"], item["value"])} for item in body["keys"]]
    return orjson.dumps({**body, "keys": keys})


def test_every_flowhooks_case_names_its_limit_or_none() -> None:
    """The mapping states a limit (or none) for each flowhooks case, and only for them."""
    flowhooks = {name for name, target in TARGET_OF.items() if target == FLOWHOOKS}
    assert set(LIMITS) == flowhooks


def test_every_limit_is_a_bare_case_that_needs_no_flowhooks() -> None:
    """A limit is a declared case of a bare app, never a flowhooks case."""
    for limit in filter(None, LIMITS.values()):
        assert TARGET_OF[limit].asgi_app is not None, limit


def test_selecting_a_case_selects_its_limit() -> None:
    """Asking for fetchUserPreferences and redirect runs their limits in the same run."""
    chosen = selected_sets(["fetchUserPreferences", "redirect"])
    names = [case.name for _, cases in chosen for case in cases]
    assert names == [BASELINE, LIMIT_REDIRECT, LIMIT_SELECT, "fetchUserPreferences", "redirect"]


def test_the_bare_storage_app_gets_its_own_sqlite_file(tmp_path: Path) -> None:
    """The limit and flowhooks never share a database; each file starts empty."""
    stale = tmp_path / "bare-storage.db-wal"
    stale.write_text("left over")
    bare = database_env(BARE_STORAGE, "sqlite", tmp_path, "postgresql://unused/x")
    flowhooks = database_env(FLOWHOOKS, "sqlite", tmp_path, "postgresql://unused/x")
    assert bare == {STORAGE_ENV: str(tmp_path / "bare-storage.db")}
    assert flowhooks["FLOWHOOKS_DATABASE_URL"].endswith(str(tmp_path / "bench.db"))
    assert not stale.exists()
    assert database_env(FLOWHOOKS, None, tmp_path, "postgresql://unused/x") == {}


def test_servers_run_with_production_settings_unless_overridden() -> None:
    """JSON logs and the embedded worker by default; --env wins over both."""
    env = server_env([], {})
    assert {k: env[k] for k in PRODUCTION_ENV} == {
        "FLOWHOOKS_LOG_FORMAT": "json",
        "FLOWHOOKS_EMBEDDED_WORKER": "true",
    }
    assert server_env(["FLOWHOOKS_LOG_FORMAT=console"], {})["FLOWHOOKS_LOG_FORMAT"] == "console"
    with pytest.raises(SystemExit, match="KEY=VALUE"):
        server_env(["FLOWHOOKS_LOG_FORMAT"], {})


def _row(db: str, target: str, case: str, rps: float, per_core: float, proc: int = 1) -> Row:
    return Row("uvicorn", proc, db, target, case, rps=rps, rps_per_core=per_core)


def test_ratios_use_the_limit_of_the_same_stack_and_database() -> None:
    """fetch on PostgreSQL is held to the PostgreSQL select of its own process count; the
    redirect to the bare redirect, which uses no database."""
    rows = [
        _row("-", "bare-fastapi", BASELINE, 8000, 10000),
        _row("-", "bare-starlette", LIMIT_REDIRECT, 16000, 20000),
        _row("sqlite", "bare-storage", LIMIT_SELECT, 10000, 12000),
        _row("postgresql", "bare-storage", LIMIT_SELECT, 4000, 8000),
        _row("-", "bare-fastapi", BASELINE, 1000, 1000, proc=2),
        _row("postgresql", "bare-storage", LIMIT_SELECT, 100, 100, proc=2),
        _row("sqlite", "flowhooks", "fetchUserPreferences", 6000, 6000),
        _row("postgresql", "flowhooks", "fetchUserPreferences", 2000, 2000),
        _row("sqlite", "flowhooks", "redirect", 12000, 10000),
        _row("sqlite", "flowhooks", "dateCompare", 4000, 5000),
    ]
    apply_ratios(rows, LIMITS)
    by = {(r.db, r.case, r.processes): r for r in rows}
    sqlite_fetch = by["sqlite", "fetchUserPreferences", 1]
    assert (sqlite_fetch.ratio, sqlite_fetch.limit, sqlite_fetch.limit_ratio) == (
        0.75, LIMIT_SELECT, 0.6,
    )  # fmt: skip
    assert sqlite_fetch.limit_cpu_ratio == 0.5
    assert by["postgresql", "fetchUserPreferences", 1].limit_ratio == 0.5
    redirect = by["sqlite", "redirect", 1]
    assert (redirect.limit, redirect.limit_ratio, redirect.limit_cpu_ratio) == (
        LIMIT_REDIRECT, 0.75, 0.5,
    )  # fmt: skip
    date_compare = by["sqlite", "dateCompare", 1]
    assert (date_compare.limit, date_compare.limit_ratio, date_compare.ratio) == (None, None, 0.5)
    assert by["postgresql", LIMIT_SELECT, 2].ratio == 0.1


def test_a_limit_that_was_not_measured_leaves_the_ratio_empty() -> None:
    """A limit skipped or failed in the run is named, with no ratio rather than a wrong one."""
    rows = [
        _row("-", "bare-fastapi", BASELINE, 8000, 10000),
        _row("sqlite", "bare-storage", LIMIT_UPSERT, 0, 0),
        _row("sqlite", "flowhooks", "updateUserPreferences", 3000, 3000),
    ]
    rows[1].rps = rows[1].rps_per_core = None
    apply_ratios(rows, LIMITS)
    assert (rows[2].limit, rows[2].limit_ratio) == (LIMIT_UPSERT, None)


def test_table_shows_the_limit_and_the_ratio_to_it() -> None:
    """The limit's name and the ratio to it are columns of the printed table."""
    row = _row("sqlite", "flowhooks", "fetchUserPreferences", 6000, 6000)
    row.limit, row.limit_ratio = LIMIT_SELECT, 0.6
    header, _, line = format_table([row]).splitlines()
    column = header.index("limit ")
    assert header[column:].split()[:3] == ["limit", "vs", "limit"]
    assert line[column:].split()[:2] == [LIMIT_SELECT, "0.60"]


@asynccontextmanager
async def served(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client on ``app`` with its lifespan run around it, as uvicorn runs it."""
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        yield client


async def test_bare_redirect_answers_302_to_the_long_url() -> None:
    """The redirect's limit looks the code up and answers 302 with Location; 404 otherwise."""
    async with served(starlette_app) as client:
        answer = await client.get(f"/{BENCH_SLUG}")
        assert (answer.status_code, answer.headers["location"]) == (302, BENCH_LONG_URL)
        assert (await client.get("/no-such-code")).status_code == 404


async def _exercise(url: str) -> None:
    """Every route of the bare storage app on the database ``url`` names."""
    async with served(create_app(url)) as client:
        assert (await client.get("/readyz")).status_code == 200
        fetch = await client.post("/select", content=_body("fetchUserPreferences"))
        assert fetch.status_code == 200
        assert fetch.json() == {"status": "ok", "values": {"language": "hi", "lastMenu": "billing"}}
        new = {"$user.syskey.contactNumber": "+91 98 00000042", "$user.key.language": "ta"}
        created = await client.post("/upsert", content=_body(LIMIT_UPSERT, **new))
        assert created.json() == {"status": "ok"}
        new["$user.key.lastMenu"] = "loans"
        assert (await client.post("/upsert", content=_body(LIMIT_UPSERT, **new))).is_success
        read = await client.post("/select", content=_body(LIMIT_SELECT, **new))
        assert read.json()["values"] == {"language": "ta", "lastMenu": "loans"}
        unknown = {"$user.syskey.contactNumber": "+91 00000 00000"}
        missing = await client.post("/select", content=_body(LIMIT_SELECT, **unknown))
        assert missing.status_code == 404


async def test_bare_storage_on_sqlite(tmp_path: Path) -> None:
    """Seeded at startup, read and upserted by key, on a SQLite file in WAL mode."""
    path = tmp_path / "bare.db"
    await _exercise(str(path))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()


@pytest.fixture
def bare_pg_dsn(pg_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database beside the session's test database, made as the bench makes it."""
    dsn = bare_storage_url("postgresql", tmp_path, pg_url)
    yield dsn

    async def drop() -> None:
        admin = await asyncpg.connect(dsn.rsplit("/", 1)[0] + "/postgres")
        name = dsn.rsplit("/", 1)[1]
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

    asyncio.run(drop())


@pytest.mark.postgres
async def test_bare_storage_on_postgresql(bare_pg_dsn: str) -> None:
    """The same routes on an asyncpg pool, in a database of the bench's own."""
    assert bare_pg_dsn.startswith("postgresql://")
    assert bare_pg_dsn.endswith("_bare")
    await _exercise(bare_pg_dsn)


def test_limit_bodies_are_the_flowhooks_cases_own() -> None:
    """The limit parses the same envelope its flowhooks case posts."""
    pairs = [(LIMIT_SELECT, "fetchUserPreferences"), (LIMIT_UPSERT, "updateUserPreferences")]
    for limit, case in pairs:
        assert CASES[limit].body == CASES[case].body
    assert isinstance(CASES[LIMIT_REDIRECT], Case)
    assert CASES[LIMIT_REDIRECT].path == CASES["redirect"].path
