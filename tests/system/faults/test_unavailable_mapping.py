"""Failures to reach the database become 503 DATABASE_UNAVAILABLE; statement errors do not.

Each case produces the failure for real where it can (a refused port, a server that never
speaks, a pool or SQLite lock held past its timeout, a cluster shutting down); the driver
errors that cannot be provoked on demand are built as the driver raises them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from flowhooks.errors import DatabaseUnavailable, ServiceUnavailable
from flowhooks.http.app import create_app
from flowhooks.settings import Settings
from flowhooks.store import unavailable
from flowhooks.store.database import Database
from flowhooks.store.fast.interface import Conflict
from flowhooks.store.fast.sqlite import SqliteFast
from flowhooks.store.fast.statements import Statement
from tests.conftest import client_for
from tests.system.faults.hung_servers import hung_server
from tests.system.faults.private_postgres import PrivateCluster, free_port

SELECT_ONE = Statement.of(sa.select(sa.literal_column("1")))


def test_database_unavailable_is_a_retryable_503_with_retry_after() -> None:
    """The error a caller sees: 503, DATABASE_UNAVAILABLE, retryable, Retry-After 1 s."""
    error = DatabaseUnavailable()
    assert isinstance(error, ServiceUnavailable)
    assert (error.status_code, error.code, error.retryable) == (503, "DATABASE_UNAVAILABLE", True)
    assert error.retry_after == 1
    assert error.message == "The database cannot be reached right now; retry shortly."


async def test_a_refused_postgresql_port_fails_fast() -> None:
    """Nothing listening on the port: every way in raises DatabaseUnavailable at once."""
    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="unreachable"):
            async with db.session() as session:
                await session.execute(sa.text("SELECT 1"))
        with pytest.raises(DatabaseUnavailable):
            await db.fast.fetch(SELECT_ONE, {})
        with pytest.raises(DatabaseUnavailable):
            async with db.fast.transaction() as tx:
                await tx.scalar(SELECT_ONE, {})
        with pytest.raises(DatabaseUnavailable):
            await db.ping()
        assert time.monotonic() - started < 2
    finally:
        await db.dispose()


async def test_a_silent_postgresql_host_fails_within_the_connect_timeout() -> None:
    """A server that accepts and never answers costs connect_timeout, not asyncpg's 60 s."""
    async with hung_server() as silent:
        db = Database(
            f"postgresql+asyncpg://postgres@127.0.0.1:{silent.port}/x", connect_timeout=0.3
        )
        try:
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable):
                async with db.read() as session:
                    await session.execute(sa.text("SELECT 1"))
            assert time.monotonic() - started < 2
            assert silent.connections == 1
        finally:
            await db.dispose()


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "faults.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
    return path


async def test_a_pool_that_stays_busy_is_unavailable_after_the_pool_timeout(
    sqlite_file: Path,
) -> None:
    """Every pooled connection held past pool_timeout: the next caller gets a 503."""
    db = Database(
        f"sqlite+aiosqlite:///{sqlite_file}", pool_size=1, max_overflow=1, pool_timeout=0.2
    )
    try:
        async with db.read() as first, db.read() as second:  # pool_size 1 + overflow 1
            await first.execute(sa.text("SELECT 1"))
            await second.execute(sa.text("SELECT 1"))
            with pytest.raises(DatabaseUnavailable, match="busy"):
                async with db.read() as third:
                    await third.execute(sa.text("SELECT 1"))
    finally:
        await db.dispose()


async def test_the_sqlite_write_queue_is_bounded_by_the_pool_timeout(sqlite_file: Path) -> None:
    """A writer waiting behind a stuck writer of its own process gives up with a 503."""
    db = Database(f"sqlite+aiosqlite:///{sqlite_file}", pool_timeout=0.2)
    try:
        async with db.session() as holder:
            await holder.execute(sa.text("INSERT INTO t (a) VALUES (1)"))
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable, match="busy"):
                async with db.session() as waiting:
                    await waiting.execute(sa.text("INSERT INTO t (a) VALUES (2)"))
            assert time.monotonic() - started < 1
    finally:
        await db.dispose()


async def test_sqlite_locked_past_the_busy_timeout_is_unavailable(sqlite_file: Path) -> None:
    """Another process holding SQLite's write lock past busy_timeout: 503, not a 500."""
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    db = Database(f"sqlite+aiosqlite:///{sqlite_file}", busy_timeout=0.2)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseUnavailable, match="busy") as raised:
            async with db.session() as session:
                await session.execute(sa.text("INSERT INTO t (a) VALUES (3)"))
        assert "database is locked" in str(raised.value.__cause__)
    finally:
        other.close()
        await db.dispose()


async def test_the_sqlite_writer_waits_no_longer_than_the_sessions(sqlite_file: Path) -> None:
    """The loop-thread writer (hot writes, batch inserts) gives up like a session: on a lock
    another process holds past busy_timeout, and behind a stuck writer past pool_timeout."""
    db = Database(f"sqlite+aiosqlite:///{sqlite_file}", busy_timeout=0.2, pool_timeout=0.2)
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    assert isinstance(db.fast, SqliteFast)
    writer = db.fast.writer

    async def insert(value: int) -> None:
        async with writer.transaction() as tx:
            tx.connection.execute("INSERT INTO t (a) VALUES (?)", (value,))

    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="busy"):
            await insert(4)
        assert time.monotonic() - started < 1
        other.execute("ROLLBACK")

        async with db.session() as holder:
            await holder.execute(sa.text("INSERT INTO t (a) VALUES (5)"))
            with pytest.raises(DatabaseUnavailable, match="busy"):
                await insert(6)
        await insert(7)
        with pytest.raises(Conflict):  # a statement error stays one (not unavailability)
            await insert(7)
    finally:
        other.close()
        await db.dispose()


async def test_statement_errors_are_not_unavailability(sqlite_file: Path) -> None:
    """A constraint violation or a missing table stays what it is (a 500 later, logged)."""
    db = Database(f"sqlite+aiosqlite:///{sqlite_file}")
    try:
        async with db.session() as session:
            await session.execute(sa.text("INSERT INTO t (a) VALUES (9)"))
        with pytest.raises(sa_exc.IntegrityError):
            async with db.session() as session:
                await session.execute(sa.text("INSERT INTO t (a) VALUES (9)"))
        with pytest.raises(sa_exc.OperationalError, match="no such table"):
            async with db.read() as session:
                await session.execute(sa.text("SELECT * FROM missing"))
        assert isinstance(db.fast, SqliteFast)
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            db.fast.reader.query("SELECT * FROM missing", ())
    finally:
        await db.dispose()


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        ConnectionResetError(104, "Connection reset by peer"),
        TimeoutError(),
    ],
    ids=lambda error: type(error).__name__,
)
def test_driver_errors_of_an_unreachable_server_are_unavailability(error: Exception) -> None:
    """asyncpg's connection-level errors, bare or wrapped by SQLAlchemy, and socket errors."""
    assert isinstance(unavailable.classify(error), DatabaseUnavailable)
    wrapped = sa_exc.DBAPIError("SELECT 1", None, error)
    assert isinstance(unavailable.classify(wrapped), DatabaseUnavailable)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.UniqueViolationError("duplicate key value"),
        asyncpg.exceptions.UndefinedTableError('relation "x" does not exist'),
        asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
        asyncpg.exceptions.InterfaceError("the server expects 2 arguments, 1 was passed"),
        ValueError("not a database problem"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_other_errors_are_not_unavailability(error: Exception) -> None:
    """Errors about the statement or the data are not mistaken for an outage."""
    assert unavailable.classify(error) is None
    assert unavailable.classify(sa_exc.DBAPIError("SELECT 1", None, error)) is None


@pytest.mark.postgres
async def test_a_cluster_shutting_down_refuses_new_sessions_with_a_503(
    private_cluster: PrivateCluster,
) -> None:
    """A smart shutdown waits for open sessions and refuses new ones (SQLSTATE 57P03)."""
    open_session = await asyncpg.connect(
        private_cluster.url.replace("postgresql+asyncpg", "postgresql")
    )
    db = Database(private_cluster.url)
    try:
        await private_cluster.begin_smart_shutdown()
        with pytest.raises(DatabaseUnavailable) as raised:
            async with db.read() as session:
                await session.execute(sa.text("SELECT 1"))
        assert "shutting down" in str(raised.value.__cause__)
    finally:
        await open_session.close()
        await db.dispose()


async def test_webhooks_and_readyz_answer_503_with_retry_after_when_the_database_is_down(
    tmp_path: Path,
) -> None:
    """The caller's view: the envelope names DATABASE_UNAVAILABLE, Retry-After says 1 s."""
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none"
    settings = Settings(database_url=url, data_dir=str(tmp_path))
    application = create_app(settings, migrate_on_start=False, background=False)
    await application.state.runtime.start(background=False)
    try:
        async with client_for(application) as client:
            body = {
                "method": "fetchUserPreferences",
                "keys": [
                    {"name": "$user.syskey.contactNumber", "value": "+919979746666"},
                    {"name": "$user.syskey.accountID", "value": "1"},
                ],
            }
            answer = await client.post("/webhook", json=body)
            ready = await client.get("/readyz")
    finally:
        await application.state.runtime.stop()
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.json()["error"]["code"] == "DATABASE_UNAVAILABLE"
    keys = {k["name"]: k["value"] for k in answer.json()["keys"]}
    assert keys["$flow.key.status"] == "FAILED"
    assert keys["$flow.key.errorCode"] == "DATABASE_UNAVAILABLE"
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "1"
    assert ready.json()["error"]["code"] == "DATABASE_UNAVAILABLE"
