"""structlog set up once: JSON lines in production, readable lines in a terminal.

One processor removes secrets by name from every event (see redaction.py), so a secret
passed as a keyword never reaches a log line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import orjson
import structlog

from flowhooks.redaction import redact_mapping


def _redact(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return redact_mapping(event)


def _json_line(event: Any, **_options: Any) -> str:
    # orjson renders a line in a fifth of json.dumps's time; what it cannot serialise is
    # written as its repr, as structlog's default does.
    return orjson.dumps(event, default=repr, option=orjson.OPT_NON_STR_KEYS).decode()


def configure(log_format: str = "console", level: str = "info") -> None:
    """Configure structlog and the standard library's root logger alike."""
    numeric = getattr(logging, level.upper(), logging.INFO)
    # Tracebacks are printed plain: a "pretty" traceback with local variables would print
    # request bodies, and with them any secret a caller sent.
    renderer: Any = (
        structlog.processors.JSONRenderer(serializer=_json_line)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            *([structlog.processors.format_exc_info] if log_format == "json" else []),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(
        level=max(numeric, logging.WARNING), stream=sys.stderr, format="%(message)s"
    )
    # httpx logs every request URL at INFO; URLs can carry provider keys, so keep it quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
