"""Admin users of the console: created by the CLI (or `flowhooks demo`), passwords argon2.

Used by the CLI, the demo and the login page alike. An unknown user name costs the same
argon2 verification as a wrong password, so the two cannot be told apart by timing.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.auth.secrets import hash_password, verify_password
from flowhooks.errors import Conflict, InvalidParameter
from flowhooks.store import console as store
from flowhooks.store.console import AdminUserRow

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,100}$")


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise InvalidParameter(
            "username", "1 to 100 letters, digits or the characters _ . @ -", username
        )
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidParameter("password", f"a password of at least {MIN_PASSWORD} characters")
    return password


def random_password() -> str:
    return secrets.token_urlsafe(12)


async def create(session: AsyncSession, username: str, password: str) -> AdminUserRow:
    """A new admin user; a taken user name is a Conflict."""
    check_username(username)
    check_password(password)
    if await store.find_user(session, username) is not None:
        raise Conflict(f"The admin user {username!r} already exists")
    row = AdminUserRow(username=username, password_hash=hash_password(password))
    session.add(row)
    await session.flush()
    return row


async def set_password(session: AsyncSession, username: str, password: str) -> AdminUserRow:
    """Change a user's password, creating the user when missing."""
    row = await store.find_user(session, check_username(username))
    if row is None:
        return await create(session, username, password)
    row.password_hash = hash_password(check_password(password))
    await session.flush()
    return row


async def known(session: AsyncSession, username: str) -> bool:
    """Whether `username` names an existing user (and so may be named in a log line)."""
    return bool(USERNAME.match(username)) and await store.find_user(session, username) is not None


async def authenticate(session: AsyncSession, username: str, password: str) -> AdminUserRow | None:
    """The user when the password is right, else None (same cost either way)."""
    row = await store.find_user(session, username) if USERNAME.match(username) else None
    ok = verify_password(row.password_hash if row else None, password)
    return row if ok and row is not None else None
