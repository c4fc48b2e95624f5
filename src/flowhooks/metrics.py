"""Prometheus metrics per method: requests, errors and a latency histogram.

A collector's `labels()` checks and joins its label values and takes a lock on every call
(about a third of `observe`); the child it answers for the same values never changes, so
each is looked up once per process and kept.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    """One set of collectors per app, on its own registry (tests build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "flowhooks_webhook_requests",
            "Webhook calls by method and status",
            ["method", "status"],
            registry=self.registry,
        )
        self.errors = Counter(
            "flowhooks_webhook_errors",
            "Failed webhook calls by method and error code",
            ["method", "code"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "flowhooks_webhook_latency_seconds",
            "Webhook latency by method",
            ["method"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )

        self._children: dict[tuple[str, str, str | None], tuple[Any, Any, Any]] = {}

    def _children_of(self, key: tuple[str, str, str | None]) -> tuple[Any, Any, Any]:
        method, status, code = key
        found = self._children[key] = (
            self.requests.labels(method, status),
            self.latency.labels(method),
            self.errors.labels(method, code) if code else None,
        )
        return found

    def observe(self, method: str, status: str, code: str | None, seconds: float) -> None:
        key = (method, status, code)
        requests, latency, errors = self._children.get(key) or self._children_of(key)
        requests.inc()
        latency.observe(seconds)
        if errors is not None:
            errors.inc()
