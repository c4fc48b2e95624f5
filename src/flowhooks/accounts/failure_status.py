"""The HTTP status of a failed webhook answer: honest, or 200 when the account asks for it.

The original platform's webhook widget takes a 2xx answer to its success line and maps the
answer's variables; anything else goes to its error line with only the raw body. An account
whose flows branch on `$flow.key.status` / `errorCode` sets `webhooks.failure_status` to
"200" and gets every failure it is known for as HTTP 200 carrying the same envelope.
A failure before the account is known (bad JSON, unknown method, wrong credentials) keeps
its honest status: there is no account to ask.
"""

from __future__ import annotations

from flowhooks.accounts import Account


def failure_http_status(account: Account | None, honest: int) -> int:
    """`honest` (the error's own status), or 200 for an account with failure_status "200"."""
    if account is not None and account.settings.webhooks.failure_status == "200":
        return 200
    return honest
