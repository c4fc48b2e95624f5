"""Shared fixtures: a migrated database per backend, the ASGI app and a client on it.

The schema comes from the migrations, once per backend per run; tables are emptied between
tests. PostgreSQL runs in a database created for this run and dropped after; it is skipped
with a reason when unreachable, and mandatory when CI=true.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from hypothesis.configuration import set_hypothesis_home_dir

from flowhooks.settings import Settings
from flowhooks.store import migrate
from flowhooks.store.database import Database
from flowhooks.store.models import Base
from tests.secret_scan import SCAN

PG_ADMIN_URL = os.environ.get(
    "FLOWHOOKS_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Hypothesis keeps its example database outside the checkout (not in ./.hypothesis), so a
# run leaves the working tree as it found it; failures still replay on the next run.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "flowhooks-hypothesis")

# Fixtures a domain's tests share with the tests of its webhook methods (tests/methods/).
pytest_plugins = [
    "tests.agents.fixtures",
    "tests.language.translation.fixtures",
    "tests.outbound.fixtures",
    "tests.reports.fixtures",
    "tests.shortlinks.fixtures",
]


def pytest_configure(config: pytest.Config) -> None:
    """The whole-suite secret scan (tests/secret_scan.py) watches every run."""
    config.pluginmanager.register(SCAN, "flowhooks-secret-scan")


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""

    async def probe() -> None:
        import asyncpg

        url = PG_ADMIN_URL.replace("postgresql+asyncpg", "postgresql")
        conn = await asyncio.wait_for(asyncpg.connect(url), timeout=3)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as exc:
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run."""
    reason = _pg_reachable()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true makes the PostgreSQL tests mandatory: {reason}")
        pytest.skip(reason)
    import asyncpg

    name = f"flowhooks_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN_URL.replace("postgresql+asyncpg", "postgresql")

    async def create() -> None:
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    async def drop() -> None:
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(create())
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    yield url
    asyncio.run(_scan_last_rows(url))
    asyncio.run(drop())


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("db") / "flowhooks.db"
    url = f"sqlite+aiosqlite:///{path}"
    yield url
    asyncio.run(_scan_last_rows(url))


_migrated: set[str] = set()
_last_user: dict[str, str] = {}  # database URL -> the test that last emptied it


async def _fresh(url: str) -> Database:
    """The migrated database at `url`, emptied; the rows the previous test left in its
    invocation log are handed to the secret scan first."""
    db = Database(url, pool_size=5)
    if url not in _migrated:
        await migrate.upgrade(db)
        _migrated.add(url)
    else:
        async with db.session() as session:
            await SCAN.scan_invocations(session, _last_user.get(url, "(unknown test)"))
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(sa.delete(table))
    _last_user[url] = SCAN.test
    return db


async def _scan_last_rows(url: str) -> None:
    """The last test's invocation rows, before the database goes away."""
    if url not in _migrated:
        return
    db = Database(url, pool_size=1)
    try:
        async with db.read() as session:
            await SCAN.scan_invocations(session, _last_user.get(url, "(unknown test)"))
    finally:
        await db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of a test database, for each backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """A migrated, empty database (SQLite, then PostgreSQL)."""
    database = await _fresh(db_url)
    yield database
    await database.dispose()


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Database]:
    """A migrated, empty SQLite database, for tests that need only one backend."""
    database = await _fresh(sqlite_url)
    yield database
    await database.dispose()


AppFactory = Callable[..., Any]


@pytest.fixture
async def app_factory(db_url: str, tmp_path: Path) -> AsyncIterator[AppFactory]:
    """Build started apps on the test database: `await app_factory(webhook_auth="basic")`."""
    from flowhooks.http.app import create_app

    started: list[FastAPI] = []
    data_dir = tmp_path / "data"
    await (await _fresh(db_url)).dispose()

    async def build(clock: Any = None, background: bool = False, **overrides: Any) -> FastAPI:
        values: dict[str, Any] = {
            "database_url": db_url,
            "admin_token": "test-admin-token",
            "log_level": "debug",  # so the secret scan reads debug lines too
            "invocation_flush_seconds": 0.05,
            "account_cache_seconds": 0,
            "data_dir": str(data_dir),
        }
        values.update(overrides)
        kwargs: dict[str, Any] = {"migrate_on_start": False, "background": background}
        if clock is not None:
            kwargs["clock"] = clock
        application = create_app(Settings(**values), **kwargs)
        from flowhooks import background as background_services

        background_services.install(application.state.runtime)
        await application.state.runtime.start(background=background)
        started.append(application)
        return application

    yield build
    for application in started:
        await application.state.runtime.stop()


def client_for(application: FastAPI, **kwargs: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(
        app=application, client=kwargs.pop("client_addr", ("127.0.0.1", 5555))
    )
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", **kwargs)


@pytest.fixture
async def app(app_factory: AppFactory) -> FastAPI:
    application: FastAPI = await app_factory()
    return application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app (ASGI transport), test admin token in ADMIN."""
    async with client_for(app) as c:
        yield c


ADMIN = {"Authorization": "Bearer test-admin-token"}


@pytest.fixture
async def demo_account(app: FastAPI) -> int:
    """Account 1 with custToken abcd1234, as `flowhooks demo` creates it."""
    from flowhooks.accounts import demo

    _created, admin_token = await demo.seed(app.state.runtime.db)
    SCAN.register(admin_token)  # generated: never to be logged either
    return demo.DEMO_ACCOUNT_ID


async def flush_invocations(application: FastAPI) -> None:
    await application.state.runtime.invocations.flush()


@pytest.fixture
def compare_digest_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, bytes]]:
    """The arguments of every hmac.compare_digest call during the test, as bytes.

    A spy, not a stand-in: the real function still gives every answer. Tests use it to show
    a credential check goes through the constant-time comparison.
    """
    import hmac

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def as_bytes(value: Any) -> bytes:
        return value.encode() if isinstance(value, str) else bytes(value)

    def spy(a: Any, b: Any) -> bool:
        calls.append((as_bytes(a), as_bytes(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


@pytest.fixture
def argon2_verify_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(hash, password) of every argon2 verification during the test (a spy, like above)."""
    from argon2 import PasswordHasher

    calls: list[tuple[str, str]] = []
    real = PasswordHasher.verify

    def spy(self: PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        text = password if isinstance(password, str) else password.decode()
        calls.append((stored if isinstance(stored, str) else stored.decode(), text))
        return real(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    return calls


def create_pg_database(pg_url: str) -> str:
    """A new, empty database on the server of `pg_url` (from the pg_url fixture); its URL."""
    import asyncpg

    name = f"{pg_url.rsplit('/', 1)[1]}_{uuid.uuid4().hex[:6]}"

    async def create() -> None:
        conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql+asyncpg", "postgresql"))
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    return f"{pg_url.rsplit('/', 1)[0]}/{name}"


def drop_pg_database(url: str) -> None:
    """Drop a database made by create_pg_database, whoever is still connected to it."""
    import asyncpg

    async def drop() -> None:
        conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql+asyncpg", "postgresql"))
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        await conn.close()

    asyncio.run(drop())


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database of its own (not migrated), dropped after the test:
    for tests that migrate it themselves or hand it to server processes."""
    url = create_pg_database(pg_url)
    yield url
    drop_pg_database(url)
