"""Shared fixtures: a migrated database per backend, the ASGI app and a client on it.

The schema comes from the migrations, once per backend per run; tables are emptied between
tests. PostgreSQL runs in a database created for this run and dropped after; it is skipped
with a reason when unreachable, and mandatory when CI=true.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.settings import Settings
from flowhooks.store import migrate
from flowhooks.store.database import Database
from flowhooks.store.models import Base

PG_ADMIN_URL = os.environ.get(
    "FLOWHOOKS_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


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
    yield f"{base}/{name}"
    asyncio.run(drop())


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("db") / "flowhooks.db"
    return f"sqlite+aiosqlite:///{path}"


_migrated: set[str] = set()


async def _fresh(url: str) -> Database:
    db = Database(url, pool_size=5)
    if url not in _migrated:
        await migrate.upgrade(db)
        _migrated.add(url)
    else:
        async with db.session() as session:
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(sa.delete(table))
    return db


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
    from flowhooks.web.app import create_app

    started: list[FastAPI] = []
    data_dir = tmp_path / "data"
    await (await _fresh(db_url)).dispose()

    async def build(clock: Any = None, background: bool = False, **overrides: Any) -> FastAPI:
        values: dict[str, Any] = {
            "database_url": db_url,
            "admin_token": "test-admin-token",
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
    from flowhooks import demo

    await demo.seed(app.state.runtime.db)
    return demo.DEMO_ACCOUNT_ID


async def flush_invocations(application: FastAPI) -> None:
    await application.state.runtime.invocations.flush()


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
