"""One webhook call, start to finish, whichever door it came through (HTTP or CLI).

parse → find the method → account and auth → bind and validate → run inside the time
budget → answer. A failure answers its error's HTTP status, or 200 for an account whose
`webhooks.failure_status` is "200" (accounts/failure_status.py). Every call, failed or not, leaves
one invocation row (inputs redacted) and one metrics observation. Unexpected exceptions
become a 500 INTERNAL_ERROR envelope.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog

from flowhooks import envelope
from flowhooks.accounts import Account
from flowhooks.accounts.failure_status import failure_http_status
from flowhooks.auth.webhook import resolve_account
from flowhooks.errors import FlowhooksError, MethodDisabled, PayloadTooLarge, UpstreamTimeout
from flowhooks.redaction import redact_variables
from flowhooks.registry import Context, Method
from flowhooks.runtime import Runtime
from flowhooks.store.invocations import search_columns

log = structlog.get_logger("flowhooks.calls")


@dataclass
class WebhookResult:
    """The answer, its HTTP status and extra headers (Retry-After, Deprecation…)."""

    status_code: int
    answer: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def new_request_id() -> str:
    return uuid.uuid4().hex


async def handle(
    runtime: Runtime,
    *,
    body: bytes,
    path: str,
    path_method: str | None = None,
    authorization: str | None = None,
    client_ip: str | None = None,
    request_id: str | None = None,
    host: str | None = None,
) -> WebhookResult:
    request_id = request_id or new_request_id()
    started = time.perf_counter()
    method: Method | None = None
    method_name: str | None = path_method
    account_id: int | None = None
    variables: list[tuple[str, str | None]] | None = None  # None: the body did not parse
    ctx: Context | None = None
    account: Account | None = None
    headers: dict[str, str] = {}
    try:
        parsed = envelope.parse_body(body)
        variables = parsed.variables
        method_name = envelope.resolve_method_name(parsed, path_method)
        method = runtime.registry.find(method_name)
        if method is None:
            raise envelope.unknown_method(method_name, runtime.registry.closest(method_name))
        method_name = method.name
        if method.status == "disabled":
            raise MethodDisabled(f"{method.name} is disabled on this service")
        if method.status == "deprecated":
            headers["Deprecation"] = "true"
        account = await resolve_account(runtime, method, variables, authorization, client_ip, host)
        account_id = account.id if account else None
        if account is not None:
            limit = account.settings.rate_limits.limit_for(method.service)
            await runtime.rate_limiter.check(account.id, method.service, limit)
        inputs = envelope.bind(method, variables)
        bound_log = log.bind(request_id=request_id, method=method.name, account_id=account_id)
        ctx = Context(
            account=account,
            now=runtime.now,
            db=runtime.db,
            http=runtime.http,
            settings=runtime.settings,
            log=bound_log,
            request_id=request_id,
            cached_account=runtime.account,
            nlu_models=runtime.nlu_models,
            translations_in_flight=runtime.translations_in_flight,
            outbound=runtime.outbound_intake,
            path=path,
            client_ip=client_ip,
        )
        try:
            async with asyncio.timeout(runtime.settings.method_timeout_seconds):
                outputs = await method.run(ctx, inputs)
        except TimeoutError:
            raise UpstreamTimeout(
                f"{method.name} did not finish within {runtime.settings.method_timeout_seconds:g} s"
            ) from None
        answer = envelope.success_answer(method.name, request_id, outputs)
        status_code = 200
    except FlowhooksError as error:
        answer = envelope.failure_answer(method_name, request_id, error)
        status_code = failure_http_status(account, error.status_code)
        if error.retry_after is not None:
            headers["Retry-After"] = str(error.retry_after)
        if status_code == 401:
            headers["WWW-Authenticate"] = 'Basic realm="flowhooks"'
    except Exception:  # the door of last resort: never a bare 500 or a stack trace
        log.exception("webhook_crashed", request_id=request_id, method=method_name)
        crash = FlowhooksError("An internal error occurred; it has been logged")
        answer = envelope.failure_answer(method_name, request_id, crash)
        status_code = failure_http_status(account, 500)
    duration = time.perf_counter() - started
    if account_id is None and ctx is not None:
        account_id = ctx.found_account_id
    _record(
        runtime,
        request_id,
        method,
        method_name,
        path,
        account_id,
        variables,
        answer,
        status_code,
        duration,
        client_ip,
        body_size=len(body),
    )
    return WebhookResult(status_code=status_code, answer=answer, headers=headers)


def refused(
    runtime: Runtime,
    error: FlowhooksError,
    *,
    path: str,
    path_method: str | None,
    client_ip: str | None,
) -> WebhookResult:
    """A call the door refused before reading its body (too large, or a legacy path with no
    such environment): the same failure envelope and invocation row as any other call, so a
    flow reads $flow.key.status as usual."""
    request_id = new_request_id()
    answer = envelope.failure_answer(path_method, request_id, error)
    _record(
        runtime,
        request_id,
        None,
        path_method,
        path,
        None,
        None,
        answer,
        error.status_code,
        0.0,
        client_ip,
        body_size=(error.size or 0) if isinstance(error, PayloadTooLarge) else 0,
    )
    return WebhookResult(status_code=error.status_code, answer=answer)


def _record(
    runtime: Runtime,
    request_id: str,
    method: Method | None,
    method_name: str | None,
    path: str,
    account_id: int | None,
    variables: list[tuple[str, str | None]] | None,
    answer: dict[str, Any],
    status_code: int,
    duration: float,
    client_ip: str | None,
    body_size: int,
) -> None:
    error = answer.get("error")
    code = error["code"] if error else None
    secret_names = method.secret_names if method else frozenset()
    # A body that did not parse is stored only as its size: it may hold secrets we cannot find.
    inputs: Any = (
        redact_variables(variables, secret_names)
        if variables is not None
        else {"unparsed_bytes": body_size}
    )
    runtime.invocations.add(
        {
            "request_id": request_id,
            "created_at": datetime.now(UTC),
            "account_id": account_id,
            "method": method_name[:100] if method_name else None,
            "path": path[:300],
            "status": answer["status"],
            "http_status": status_code,
            "error_code": code,
            "inputs": inputs,
            "outputs": answer["keys"],
            "duration_ms": round(duration * 1000, 3),
            "client_ip": client_ip[:64] if client_ip else None,  # X-Forwarded-For is caller text
            **search_columns(variables),
        }
    )
    metric_name = method.name if method else "unknown"
    runtime.metrics.observe(metric_name, answer["status"], code, duration)
