"""Creating and changing accounts: the one place the CLI, the admin API and the console call.

Settings are validated as a whole before anything is written; a refused change leaves the
account as it was. Secrets (tokens, security IDs, passwords) are hashed before storage and
returned only once, when created.
"""

from __future__ import annotations

import secrets
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, SecretStr, ValidationError
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import DEFAULT_TIMEZONE
from flowhooks.accounts.settings import AccountSettings
from flowhooks.auth.secrets import hash_password
from flowhooks.errors import Conflict, InvalidParameter, NotFound
from flowhooks.store import accounts as store
from flowhooks.store.accounts import AccountRow
from flowhooks.store.base import as_utc


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidParameter("timezone", "an IANA time zone such as Asia/Kolkata", name) from None
    return name


def validate_settings(data: dict[str, Any]) -> AccountSettings:
    try:
        return AccountSettings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "settings." + ".".join(str(part) for part in first["loc"])
        raise InvalidParameter(where, "a valid setting", reason=first["msg"]) from None


def settings_for_storage(settings: BaseModel) -> dict[str, Any]:
    """JSON-ready settings with secrets kept (pydantic would mask them as ******)."""

    def reveal(value: Any) -> Any:
        if isinstance(value, SecretStr):
            return value.get_secret_value()
        if isinstance(value, dict):
            return {k: reveal(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [reveal(v) for v in value]
        return value

    return to_jsonable_python(reveal(settings.model_dump(mode="python")))  # type: ignore[no-any-return]


def merge_settings(current: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Sections named in `change` are updated field by field; others stay as they are."""
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in current.items()}
    for section, fields in change.items():
        if isinstance(fields, dict) and isinstance(merged.get(section), dict):
            merged[section].update(fields)
        else:
            merged[section] = fields
    return merged


def public_view(row: AccountRow) -> dict[str, Any]:
    """The account as the API and CLI show it: secrets masked."""
    settings = validate_settings(row.settings or {})
    return {
        "id": row.id,
        "name": row.name,
        "timezone": row.timezone,
        "basicUsername": row.basic_username,
        "settings": settings.model_dump(mode="json"),
        "createdAt": as_utc(row.created_at).isoformat(),
        "updatedAt": as_utc(row.updated_at).isoformat(),
    }


async def create(
    session: AsyncSession,
    *,
    account_id: int,
    name: str,
    timezone: str = DEFAULT_TIMEZONE,
    settings: dict[str, Any] | None = None,
    cust_token: str | None = None,
    security_id: str | None = None,
    basic_username: str | None = None,
    basic_password: str | None = None,
) -> AccountRow:
    if account_id < 1:
        raise InvalidParameter("id", "a whole number of at least 1", str(account_id))
    if not name.strip():
        raise InvalidParameter("name", "a non-empty name")
    if await store.get(session, account_id) is not None:
        raise Conflict(f"Account {account_id} already exists")
    parsed = validate_settings(settings or {})
    row = AccountRow(
        id=account_id,
        name=name.strip(),
        timezone=check_timezone(timezone),
        settings=settings_for_storage(parsed),
    )
    session.add(row)
    await session.flush()
    if basic_username or basic_password:
        await set_basic_auth(session, row, basic_username, basic_password)
    if cust_token:
        await add_token(session, account_id, "cust_token", cust_token)
    if security_id:
        await add_token(session, account_id, "security_id", security_id)
    return row


async def get_or_404(session: AsyncSession, account_id: int) -> AccountRow:
    row = await store.get(session, account_id)
    if row is None:
        raise NotFound(f"No account {account_id}")
    return row


async def update(
    session: AsyncSession,
    account_id: int,
    *,
    name: str | None = None,
    timezone: str | None = None,
    settings: dict[str, Any] | None = None,
    basic_username: str | None = None,
    basic_password: str | None = None,
    remove_basic_auth: bool = False,
) -> AccountRow:
    """Change what is given; `remove_basic_auth` drops the Basic credentials (the account is
    then named by accountID, its Host or the default account again)."""
    row = await get_or_404(session, account_id)
    if name is not None:
        if not name.strip():
            raise InvalidParameter("name", "a non-empty name")
        row.name = name.strip()
    if timezone is not None:
        row.timezone = check_timezone(timezone)
    if settings is not None:
        merged = merge_settings(row.settings or {}, settings)
        row.settings = settings_for_storage(validate_settings(merged))
    if remove_basic_auth:
        if basic_username is not None or basic_password is not None:
            raise InvalidParameter(
                "basicUsername", "both null (to remove Basic auth) or both given (to set it)"
            )
        row.basic_username = None
        row.basic_password_hash = None
    elif basic_username is not None or basic_password is not None:
        await set_basic_auth(session, row, basic_username, basic_password)
    await session.flush()
    return row


async def set_basic_auth(
    session: AsyncSession, row: AccountRow, username: str | None, password: str | None
) -> None:
    if not username or not password:
        raise InvalidParameter("basicUsername", "a user name together with a password")
    if ":" in username:
        raise InvalidParameter("basicUsername", "a user name without ':'", username)
    if len(password) < 8:
        raise InvalidParameter("basicPassword", "a password of at least 8 characters")
    other = await store.find_by_basic_user(session, username)
    if other is not None and other.id != row.id:
        raise Conflict(f"The Basic user name {username!r} belongs to another account")
    row.basic_username = username
    row.basic_password_hash = hash_password(password)


async def add_token(
    session: AsyncSession, account_id: int | None, kind: str, token: str | None = None
) -> str:
    """Store a token (generated when not given) hashed; the plain token is returned once."""
    if kind not in store.CREDENTIAL_KINDS:
        raise InvalidParameter("kind", "one of " + ", ".join(store.CREDENTIAL_KINDS), kind)
    if token is None:
        token = secrets.token_hex(32) if kind == "security_id" else secrets.token_urlsafe(24)
    if kind == "security_id" and len(token) != 64:
        raise InvalidParameter("securityID", "64 characters", reason=f"it has {len(token)}")
    if len(token) < 8:
        raise InvalidParameter("token", "at least 8 characters")
    if await store.find_credential(session, None, token) is not None:
        raise Conflict("This token is already in use")
    await store.add_credential(session, account_id, kind, token)
    return token
