"""Who is looking at the console: the session cookie, the login requirement and CSRF.

Console routes (http/console/routing.py) turn `LoginRequired` into a redirect to the login
page and `CsrfRefused` into a 403 page. Sessions live in the `admin_sessions` table (logout
really ends them) behind a signed cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response

from flowhooks.auth import signing
from flowhooks.auth.secret_key import load_or_create
from flowhooks.errors import FlowhooksError
from flowhooks.http.deps import runtime
from flowhooks.store import accounts as account_store
from flowhooks.store import console as store
from flowhooks.store.base import as_utc

COOKIE = "flowhooks_console"
LOGIN_COOKIE = "flowhooks_console_login"
SESSION_LIFETIME = timedelta(hours=12)
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/admin/login"


class LoginRequired(Exception):
    """No valid console session."""


class CsrfRefused(FlowhooksError):
    """The form was posted without its CSRF token, or with a wrong one; reload the page."""

    status_code = 403
    code = "CSRF_REFUSED"


@dataclass(frozen=True)
class ConsoleUser:
    """The signed-in admin user and what the page header needs."""

    user_id: int
    username: str
    session_token: str
    csrf: str
    account_id: int | None
    accounts: tuple[tuple[int, str], ...]

    @property
    def account_name(self) -> str:
        return dict(self.accounts).get(self.account_id or 0, "")


def secret_key(request: Request) -> bytes:
    rt = runtime(request)
    if rt.console_secret_key is None:
        rt.console_secret_key = load_or_create(rt.settings)
    return rt.console_secret_key


def is_https(request: Request) -> bool:
    if runtime(request).settings.trust_forwarded_for:
        proto = request.headers.get("x-forwarded-proto", "")
        if proto.split(",")[0].strip().lower() == "https":
            return True
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


async def current_user(request: Request) -> ConsoleUser:
    """The session's user; raises LoginRequired when there is none or it has expired."""
    token = signing.unsign_session(secret_key(request), request.cookies.get(COOKIE))
    if token is None:
        raise LoginRequired
    rt = runtime(request)
    async with rt.db.read() as session:
        row = await store.get_session(session, signing.token_digest(token))
        if row is None or as_utc(row.expires_at) <= rt.now():
            raise LoginRequired
        user = await store.get_user(session, row.user_id)
        if user is None:
            raise LoginRequired
        accounts = tuple((a.id, a.name) for a in await account_store.list_all(session))
    known = {a for a, _ in accounts}
    account_id = row.account_id if row.account_id in known else None
    if account_id is None and accounts:
        account_id = accounts[0][0]
    return ConsoleUser(
        user_id=user.id,
        username=user.username,
        session_token=token,
        csrf=signing.csrf_token(secret_key(request), token),
        account_id=account_id,
        accounts=accounts,
    )


async def checked_user(
    request: Request, user: Annotated[ConsoleUser, Depends(current_user)]
) -> ConsoleUser:
    """The user of a POST whose form carries the session's CSRF token (else 403)."""
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    value = submitted if isinstance(submitted, str) else None
    if not signing.csrf_matches(secret_key(request), user.session_token, value):
        raise CsrfRefused
    return user


User = Annotated[ConsoleUser, Depends(current_user)]
PostingUser = Annotated[ConsoleUser, Depends(checked_user)]


def safe_next(target: str | None) -> str:
    """Only console paths are followed after login (no open redirect)."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return "/admin"
