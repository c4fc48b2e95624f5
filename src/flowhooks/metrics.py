"""Prometheus metrics per method: requests, errors and a latency histogram."""

from __future__ import annotations

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

    def observe(self, method: str, status: str, code: str | None, seconds: float) -> None:
        self.requests.labels(method, status).inc()
        self.latency.labels(method).observe(seconds)
        if code:
            self.errors.labels(method, code).inc()
