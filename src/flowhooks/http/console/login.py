"""Login, logout and the account switcher."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from flowhooks.auth import console_users as users
from flowhooks.auth import signing
from flowhooks.auth.console import (
    COOKIE,
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_LIFETIME,
    CsrfRefused,
    PostingUser,
    safe_next,
    secret_key,
    set_cookie,
)
from flowhooks.auth.login_throttle import LoginThrottle
from flowhooks.errors import NotFound, RateLimited
from flowhooks.http.console import templating
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import client_ip, runtime
from flowhooks.store import console as store

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)

LOGIN_NONCE_SECONDS = 3600


def _login_page(
    request: Request,
    *,
    error: str | None = None,
    status_code: int = 200,
    username: str = "",
    next_path: str | None = None,
) -> Response:
    """The form; `next_path` (the form's own `next` after a wrong password) else ?next=."""
    nonce = signing.new_token()
    response = templating.render(
        request,
        "login.html",
        None,
        status_code=status_code,
        error=error,
        username=username,
        next=safe_next(next_path if next_path is not None else request.query_params.get("next")),
        csrf=signing.csrf_token(secret_key(request), "login:" + nonce),
    )
    set_cookie(request, response, LOGIN_COOKIE, nonce, LOGIN_NONCE_SECONDS)
    return response


def _throttle(request: Request) -> LoginThrottle:
    rt = runtime(request)
    if rt.login_throttle is None:
        rt.login_throttle = LoginThrottle()
    return rt.login_throttle


@router.get("/login")
async def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    submitted = form.get(CSRF_FIELD)
    if not nonce or not signing.csrf_matches(
        secret_key(request), "login:" + nonce, submitted if isinstance(submitted, str) else None
    ):
        raise CsrfRefused
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    rt = runtime(request)
    throttle = _throttle(request)
    keys = (f"user:{username.lower()}", f"ip:{client_ip(request)}")
    if throttle.blocked(keys, rt.now()):
        raise RateLimited("Too many wrong passwords; try again in a few minutes")
    async with rt.db.session() as session:
        user = await users.authenticate(session, username, password)
        if user is None:
            throttle.failed(keys, rt.now())
            # A password typed into the user-name box must never reach the log.
            named = username if await users.known(session, username) else None
            rt.log.warning("console_login_failed", username=named, known_user=named is not None)
            return _login_page(
                request,
                error="Wrong user name or password.",
                status_code=401,
                username=username,
                next_path=str(form.get("next") or ""),
            )
        token = signing.new_token()
        await store.delete_expired_sessions(session, rt.now())
        await store.add_session(
            session, signing.token_digest(token), user.id, rt.now() + SESSION_LIFETIME
        )
    throttle.succeeded(keys)
    rt.log.info("console_login", username=username)
    response = RedirectResponse(safe_next(str(form.get("next") or "")), status_code=303)
    set_cookie(
        request,
        response,
        COOKIE,
        signing.sign_session(secret_key(request), token),
        int(SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_COOKIE, path="/admin")
    return response


@router.post("/logout")
async def logout(request: Request, user: PostingUser) -> Response:
    async with runtime(request).db.session() as session:
        await store.delete_session(session, signing.token_digest(user.session_token))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.post("/switch-account")
async def switch_account(request: Request, user: PostingUser) -> Response:
    form = await request.form()
    raw = str(form.get("account_id") or "")
    if not raw.isdigit() or int(raw) not in {a for a, _ in user.accounts}:
        raise NotFound(f"No account {raw!r}")
    async with runtime(request).db.session() as session:
        await store.set_session_account(session, signing.token_digest(user.session_token), int(raw))
    return RedirectResponse(safe_next(str(form.get("next") or "")), status_code=303)
