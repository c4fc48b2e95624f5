"""What every report delivery shares: the file to send, and the failure type.

A delivery either succeeds or raises `DeliveryError`; `retryable` says whether trying
again later can help (destination down, timeout, 5xx, 429) or not (a 4xx refusal, a file
too big for e-mail). The background job retries the first kind with backoff and marks the
report FAILED on the second, with the message kept on the report. `dispatch.deliver`
chooses the channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DeliveryError(Exception):
    """The report could not be delivered to the account's destination."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A finished report file and what a recipient needs to know about it."""

    report_id: str
    path: Path
    filename: str
    media_type: str
    rows: int
