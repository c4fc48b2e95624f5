"""Every job kind and its handler, in one explicit map (no registration by import)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import structlog

    from flowhooks.runtime import Runtime


@dataclass
class JobContext:
    """What a job handler may touch; `job_id` doubles as an idempotency key."""

    runtime: Runtime
    job_id: int
    attempt: int
    log: structlog.typing.FilteringBoundLogger

    def now(self) -> datetime:
        return self.runtime.now()


Handler = Callable[[JobContext, dict[str, Any]], Awaitable[None]]

HANDLERS: dict[str, Handler] = {}
