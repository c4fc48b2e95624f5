"""Which database failures mean "the database cannot be reached right now" (503, retry).

A caller in the middle of a live call must tell "retry in a second" from "this request is
wrong" or "flowhooks is broken". Failures to reach the database are the first kind: the
server is down, restarting or refusing connections, a pooled connection died, every
connection of the pool stayed busy past the pool timeout, this process's SQLite write queue
stayed busy past it (`bounded`), or SQLite's lock stayed taken past its busy timeout. They
become `DatabaseUnavailable` (503 DATABASE_UNAVAILABLE, Retry-After); `translated` turns
them into it around any way into the database.
Errors in a statement (a constraint, a missing table, bad SQL) are not: they stay what they
are and end as a logged 500.

The driver's own signal decides, not the message text: PostgreSQL's SQLSTATE (class 08
connection exceptions, 57P01-57P03 shutdown and start-up, 53300 too many connections),
SQLite's primary result code (BUSY, LOCKED, CANTOPEN, IOERR), SQLAlchemy's
`connection_invalidated`, and OS-level socket errors (refused, reset, timed out).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import exc as sa_exc

from flowhooks.errors import DatabaseUnavailable

UNREACHABLE = "The database is unreachable; retry shortly"
BUSY = "The database is busy; retry shortly"
POOL_BUSY = "Every database connection stayed busy; retry shortly"
NO_SLOTS = "The database has no connection slot free; retry shortly"

# SQLSTATEs of a server that cannot be reached or is not accepting work right now.
_SQLSTATE_PREFIXES = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite primary result codes (the low byte of extended codes).
_SQLITE_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_UNREACHABLE_CODES = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN
# Client-side "interface" errors (asyncpg's, and SQLAlchemy's adapter of it) carry no
# SQLSTATE; with these words they mean the socket is gone.
_CLOSED_MESSAGES = ("connection is closed", "connection was closed")


def classify(error: BaseException) -> DatabaseUnavailable | None:
    """The 503 to raise for ``error``, or None when it is not about reaching the database."""
    if isinstance(error, sa_exc.TimeoutError):  # QueuePool: no connection within pool_timeout
        return DatabaseUnavailable(POOL_BUSY)
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return DatabaseUnavailable(UNREACHABLE)
    for cause in _causes(error):
        found = _classify_driver_error(cause)
        if found is not None:
            return found
    return None


def _causes(error: BaseException) -> list[BaseException]:
    """The error, the driver error SQLAlchemy wrapped, and what that was raised from."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 5 and current not in seen:
        seen.append(current)
        if isinstance(current, sa_exc.DBAPIError) and isinstance(current.orig, BaseException):
            current = current.orig
        else:
            current = current.__cause__
    return seen


def _classify_driver_error(error: BaseException) -> DatabaseUnavailable | None:
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int):
            if code & 0xFF in _SQLITE_BUSY_CODES:
                return DatabaseUnavailable(BUSY)
            if code & 0xFF in _SQLITE_UNREACHABLE_CODES:
                return DatabaseUnavailable(UNREACHABLE)
        return None
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate == "53300":  # max_connections (or a CONNECTION LIMIT) reached: size the pools
        return DatabaseUnavailable(NO_SLOTS)
    if isinstance(sqlstate, str) and sqlstate.startswith(_SQLSTATE_PREFIXES):
        return DatabaseUnavailable(UNREACHABLE)
    if isinstance(error, OSError):  # refused, reset, unreachable, connect timeout (TimeoutError)
        return DatabaseUnavailable(UNREACHABLE)
    if _is_closed_connection(error):
        return DatabaseUnavailable(UNREACHABLE)
    return None


def _is_closed_connection(error: BaseException) -> bool:
    # By class name: asyncpg.InterfaceError, the asyncpg adapter's InterfaceError and
    # sqlalchemy.exc.InterfaceError share it and no base class.
    if type(error).__name__ != "InterfaceError":
        return False
    text = str(error).lower()
    return any(words in text for words in _CLOSED_MESSAGES)


@asynccontextmanager
async def translated() -> AsyncIterator[None]:
    """A database that cannot be reached answers 503 DATABASE_UNAVAILABLE, not a 500."""
    try:
        yield
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        found = classify(exc)
        if found is None:
            raise
        raise found from exc


@asynccontextmanager
async def bounded(lock: asyncio.Lock, wait_seconds: float) -> AsyncIterator[None]:
    """Hold ``lock``, waiting at most ``wait_seconds`` for it, else DatabaseUnavailable."""
    # The usual case, free and nobody queued, takes it at once without arming a timer (~3 µs
    # on a hot write). asyncio.Lock keeps its queue in `_waiters`; were that to change, the
    # fallback is the timed wait.
    if not lock.locked() and not getattr(lock, "_waiters", (None,)):
        await lock.acquire()
    else:
        try:
            async with asyncio.timeout(wait_seconds):
                await lock.acquire()
        except TimeoutError:
            raise DatabaseUnavailable(BUSY) from None
    try:
        yield
    finally:
        lock.release()
