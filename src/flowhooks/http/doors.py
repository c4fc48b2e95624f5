"""What a door of the HTTP front is: the row type of `http/front.py`'s DOORS table.

Kept apart from the table so that the schema (http/openapi.py) can read doors without
importing the front that serves them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import Receive, Scope, Send

from flowhooks.runtime import Runtime
from flowhooks.settings import Settings

Serve = Callable[[Runtime, Scope, Receive, Send, "re.Match[str]", int], Awaitable[None]]
"""A door's handler: (runtime, scope, receive, send, the path's match, body limit)."""
BodyLimitOf = Callable[[Settings], int]


def default_limit(settings: Settings) -> int:
    """FLOWHOOKS_MAX_BODY_BYTES, the limit every door and route has unless it says otherwise."""
    return settings.max_body_bytes


def no_body(_settings: Settings) -> int:
    """A door that reads no body."""
    return 0


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation the OpenAPI schema documents for a door."""

    path: str
    operation_id: str
    summary: str


@dataclass(frozen=True, slots=True)
class Door:
    """One row of the front's table: which requests it takes, who answers, how much body."""

    methods: frozenset[str]
    pattern: re.Pattern[str]
    serve: Serve
    body_limit: BodyLimitOf
    tag: str
    operations: tuple[Operation, ...]
    doc: dict[str, Any] = field(default_factory=dict)
    """Operation fields for the schema (parameters, body, answers); http/openapi.py adds the
    webhook body and answers, generated from the registry, to every door tagged webhooks."""
