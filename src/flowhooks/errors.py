"""The error tree. Each error knows its HTTP status, its contract code and whether a retry may help.

    FlowhooksError (500 INTERNAL_ERROR)
    ├── InvalidFormat (400 INVALID_FORMAT)
    ├── Unauthorized (401 UNAUTHORIZED)
    ├── Forbidden (403 FORBIDDEN)
    │   └── IpNotAllowed (403 IP_NOT_ALLOWED)
    ├── NotFound (404 NOT_FOUND)
    │   └── UnknownMethod (404 UNKNOWN_METHOD)
    ├── Conflict (409 CONFLICT)
    ├── Gone (410 GONE)
    ├── PayloadTooLarge (413 PAYLOAD_TOO_LARGE)
    ├── MissingParameter (422 MISSING_PARAMETER)
    ├── InvalidParameter (422 INVALID_PARAMETER)
    ├── RateLimited (429 RATE_LIMITED, retryable)
    ├── UpstreamError (502 UPSTREAM_ERROR, retryable)
    ├── ServiceUnavailable (503 SERVICE_UNAVAILABLE, retryable)
    │   ├── DatabaseUnavailable (503 DATABASE_UNAVAILABLE, retryable, Retry-After: 1)
    │   └── MethodDisabled (503 METHOD_DISABLED, not retryable)
    └── UpstreamTimeout (504 UPSTREAM_TIMEOUT, retryable)

Doors (HTTP, CLI, jobs) turn these into status codes, exit codes or retries; one table in
`envelope.failure_answer` maps them to webhook answers. An error with a `retry_after`
(seconds) is answered with a Retry-After header; its `variables` are added to the answer.
"""

from __future__ import annotations

from typing import ClassVar


class FlowhooksError(Exception):
    """Something went wrong inside flowhooks."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "INTERNAL_ERROR"
    retryable: ClassVar[bool] = False
    retry_after: int | None = None  # seconds, sent as Retry-After
    # Extra variables of the failure answer, after status/errorCode/errorMessage: a refused
    # createOutbound carries obdResponseCode and obdResponseMessage for flows to branch on.
    variables: tuple[tuple[str, str], ...] = ()

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (type(self).__doc__ or "").strip().splitlines()[0]
        super().__init__(self.message)


class InvalidFormat(FlowhooksError):
    """The request body is not in the expected format."""

    status_code = 400
    code = "INVALID_FORMAT"


class Unauthorized(FlowhooksError):
    """Credentials are missing or wrong."""

    status_code = 401
    code = "UNAUTHORIZED"


class Forbidden(FlowhooksError):
    """These credentials may not do this."""

    status_code = 403
    code = "FORBIDDEN"


class IpNotAllowed(Forbidden):
    """The client address is not on the account's IP allow-list."""

    code = "IP_NOT_ALLOWED"


class NotFound(FlowhooksError):
    """No such thing."""

    status_code = 404
    code = "NOT_FOUND"


class UnknownMethod(NotFound):
    """No webhook method has this name."""

    code = "UNKNOWN_METHOD"


class Conflict(FlowhooksError):
    """This clashes with something that already exists."""

    status_code = 409
    code = "CONFLICT"


class Gone(FlowhooksError):
    """This existed but is no longer available."""

    status_code = 410
    code = "GONE"


class PayloadTooLarge(FlowhooksError):
    """The request body is too large."""

    status_code = 413
    code = "PAYLOAD_TOO_LARGE"

    def __init__(self, message: str | None = None, size: int | None = None) -> None:
        self.size = size  # the bytes seen (or declared) when it was refused, for the log
        super().__init__(message)


class MissingParameter(FlowhooksError):
    """A required variable is missing."""

    status_code = 422
    code = "MISSING_PARAMETER"

    def __init__(self, variable: str, expected: str, reason: str | None = None) -> None:
        self.variable = variable
        self.expected = expected
        text = f"{variable} is required: expected {expected}"
        super().__init__(f"{text} ({reason})" if reason else text)


class InvalidParameter(FlowhooksError):
    """A variable has a value of the wrong form."""

    status_code = 422
    code = "INVALID_PARAMETER"

    def __init__(
        self, variable: str, expected: str, got: str | None = None, reason: str | None = None
    ) -> None:
        self.variable = variable
        self.expected = expected
        shown = "" if got is None else f", got {_shorten(got)!r}"
        why = f": {reason}" if reason else ""
        super().__init__(f"{variable} must be {expected}{shown}{why}")


class RateLimited(FlowhooksError):
    """Too many requests: slow down and retry later."""

    status_code = 429
    code = "RATE_LIMITED"
    retryable = True
    retry_after = 1  # each instance says the seconds left in its window

    def __init__(self, message: str | None = None, retry_after: int = 1) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class UpstreamError(FlowhooksError):
    """A provider answered with an error."""

    status_code = 502
    code = "UPSTREAM_ERROR"
    retryable = True


class ServiceUnavailable(FlowhooksError):
    """The service cannot answer right now; retry later."""

    status_code = 503
    code = "SERVICE_UNAVAILABLE"
    retryable = True


class DatabaseUnavailable(ServiceUnavailable):
    """The database cannot be reached right now; retry shortly."""

    code = "DATABASE_UNAVAILABLE"
    retry_after = 1


class WarmingUp(ServiceUnavailable):
    """The process is still building its models; send no traffic yet (/readyz)."""

    code = "WARMING_UP"
    retry_after = 1


class MethodDisabled(ServiceUnavailable):
    """This method is disabled."""

    code = "METHOD_DISABLED"
    retryable = False


class UpstreamTimeout(FlowhooksError):
    """A provider did not answer in time."""

    status_code = 504
    code = "UPSTREAM_TIMEOUT"
    retryable = True


def _shorten(text: str, limit: int = 60) -> str:
    """Keep error messages short even when the offending value is not."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
