"""Which account a webhook acts for, and whether the caller may act for it.

Order (contract section 2): HTTP Basic credentials when given (required when the
deployment sets FLOWHOOKS_WEBHOOK_AUTH=basic), else the `accountID` variable of any scope,
else (for a method that uses an account) the account whose `webhooks.domains` list the
call's Host, else FLOWHOOKS_DEFAULT_ACCOUNT_ID. The account's IP allow-list holds in every
case.
Passwords are argon2 hashes; a verified pair is remembered for a minute per process so a
busy flow does not pay argon2's cost on every call, but only while the account (cached for
FLOWHOOKS_ACCOUNT_CACHE_SECONDS) still carries the same user name and password hash: a
password changed through any process stops working everywhere within that expiry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import TYPE_CHECKING

from flowhooks.accounts import MAX_ACCOUNT_ID, Account
from flowhooks.accounts.hosts import account_for_host
from flowhooks.auth.secrets import same_secret, verify_password
from flowhooks.errors import InvalidParameter, IpNotAllowed, MissingParameter, Unauthorized
from flowhooks.registry import AccountRule, Method
from flowhooks.store import accounts as account_store

if TYPE_CHECKING:
    from flowhooks.runtime import Runtime

ACCOUNT_VARIABLE = "accountid"


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """(user, password) from an `Authorization: Basic …` header, None when absent."""
    if not header or header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("The Authorization header is not valid Basic credentials") from None
    user, sep, password = decoded.partition(":")
    if not sep:
        raise Unauthorized("The Authorization header is not valid Basic credentials")
    return user, password


async def account_from_basic(runtime: Runtime, user: str, password: str) -> Account:
    key = (user, hashlib.sha256(password.encode()).hexdigest())
    remembered: tuple[int, str] | None = runtime.basic_auth.get(key)
    if remembered is not None:
        account = await runtime.account(remembered[0])
        # The memo holds only while the account still has this user and password hash: a
        # change made by any process is seen here once the account snapshot expires.
        if (
            account is not None
            and account.basic_username == user
            and account.basic_password_hash is not None
            and same_secret(account.basic_password_hash, remembered[1])
        ):
            return account
    async with runtime.db.read() as session:
        row = await account_store.find_by_basic_user(session, user)
        stored = row.basic_password_hash if row else None
        found_id = row.id if row else None
    if not verify_password(stored, password) or found_id is None or stored is None:
        raise Unauthorized("Wrong user name or password")
    runtime.basic_auth.put(key, (found_id, stored))
    account = await runtime.account(found_id)
    if account is None:
        raise Unauthorized("Wrong user name or password")
    return account


def _account_variable(variables: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    for name, value in variables:
        if name.rsplit(".", 1)[-1].lower() == ACCOUNT_VARIABLE and value and value.strip():
            return name, value.strip()
    return None


def _account_param_name(method: Method) -> str:
    for param in method.inputs:
        if param.name.lower() == ACCOUNT_VARIABLE:
            return param.full_name
    return "$user.syskey.accountID"


async def resolve_account(
    runtime: Runtime,
    method: Method,
    variables: list[tuple[str, str | None]],
    authorization: str | None,
    client_ip: str | None,
    host: str | None = None,
) -> Account | None:
    """The account this call acts for, after auth and the IP allow-list; None if not needed."""
    credentials = parse_basic(authorization)
    account: Account | None = None
    if credentials is not None:
        account = await account_from_basic(runtime, *credentials)
    elif runtime.settings.webhook_auth == "basic":
        raise Unauthorized("This deployment requires HTTP Basic credentials")
    else:
        found = _account_variable(variables)
        if found is not None:
            name, value = found
            expected = "the numeric id of an existing account"
            # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
            if not (value.isascii() and value.isdigit()):
                raise InvalidParameter(name, expected, value)
            if len(value) > len(str(MAX_ACCOUNT_ID)) or not 1 <= int(value) <= MAX_ACCOUNT_ID:
                raise InvalidParameter(name, expected, value, "no such account")
            account = await runtime.account(int(value))
            if account is None:
                raise InvalidParameter(name, expected, value, "no such account")
        elif method.account is not AccountRule.NONE:
            account = await _implied_account(runtime, host)
    if account is None:
        if method.account is AccountRule.REQUIRED:
            raise MissingParameter(_account_param_name(method), "the numeric id of an account")
        return None
    if not account.allows_ip(client_ip):
        raise IpNotAllowed(f"{client_ip} is not on account {account.id}'s IP allow-list")
    return account


async def _implied_account(runtime: Runtime, host: str | None) -> Account | None:
    """The account of a call that names none: its Host's, else the deployment's default."""
    account = await account_for_host(runtime, host)
    default_id = runtime.settings.default_account_id
    if account is None and default_id is not None:
        account = await runtime.account(default_id)
        if account is None:
            raise InvalidParameter(
                "FLOWHOOKS_DEFAULT_ACCOUNT_ID",
                "the numeric id of an existing account",
                str(default_id),
                "no such account",
            )
    return account
