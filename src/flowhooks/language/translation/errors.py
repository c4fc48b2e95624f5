"""Interim copies of the core error classes translation raises.

The core's ``flowhooks.errors`` module is still being built; these three classes carry the
same names, status codes and constructor shapes as planned in CORE_API.md so the providers
and their tests are written against the final API. After the core lands this module is
replaced by a re-export of ``flowhooks.errors``.
"""

from __future__ import annotations


class FlowhooksError(Exception):
    """Root of every failure a webhook answers with a status code."""

    status_code = 500
    code = "INTERNAL_ERROR"
    retryable = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidParameter(FlowhooksError):
    """A variable the caller sent is not of the expected form (422)."""

    status_code = 422
    code = "INVALID_PARAMETER"

    def __init__(self, variable: str, expected: str, got: str | None = None) -> None:
        self.variable = variable
        self.expected = expected
        self.got = got
        shown = "" if got is None else f" (got {got!r})"
        super().__init__(f"{variable}: expected {expected}{shown}")


class UpstreamError(FlowhooksError):
    """A provider answered with an error (502)."""

    status_code = 502
    code = "UPSTREAM_ERROR"
    retryable = True


class UpstreamTimeout(FlowhooksError):
    """A provider did not answer inside the time budget (504)."""

    status_code = 504
    code = "UPSTREAM_TIMEOUT"
    retryable = True
