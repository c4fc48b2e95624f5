"""Per-method activity over a time window: calls, error rate, p50/p99 latency, buckets.

Computed in Python from the window's invocation rows (plain tuples, no I/O): fine while a
window holds up to a few hundred thousand calls; a rollup table can replace it later
without changing the pages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flowhooks.store.base import as_utc

Row = tuple[str | None, str, float, datetime]  # method, status, duration_ms, created_at
UNKNOWN = "(unknown method)"


@dataclass(frozen=True)
class Window:
    """A period ending now, cut into equal buckets for the chart."""

    label: str
    length: timedelta
    buckets: int

    def start(self, now: datetime) -> datetime:
        return now - self.length


HOUR = Window("Last hour", timedelta(hours=1), 12)
DAY = Window("Last day", timedelta(days=1), 24)
WINDOWS = (HOUR, DAY)


@dataclass
class Bucket:
    ok: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.ok + self.failed


@dataclass
class MethodStats:
    method: str
    calls: int = 0
    failures: int = 0
    durations: list[float] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)

    @property
    def error_rate(self) -> float:
        return self.failures / self.calls if self.calls else 0.0

    @property
    def p50(self) -> float | None:
        return percentile(self.durations, 50)

    @property
    def p99(self) -> float | None:
        return percentile(self.durations, 99)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile (a value that occurred); None for no values."""
    if not values:
        return None
    if not 0 < q <= 100:
        raise ValueError("q must be in (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def summarize(rows: Iterable[Row], window: Window, now: datetime) -> list[MethodStats]:
    """One MethodStats per method seen in the window (busiest first), plus "all" first."""
    start = window.start(now)
    width = window.length / window.buckets
    total = MethodStats("all", buckets=[Bucket() for _ in range(window.buckets)])
    by_method: dict[str, MethodStats] = {}
    for method, status, duration, created in rows:
        at = as_utc(created)
        if at < start or at > now:
            continue
        index = min(int((at - start) / width), window.buckets - 1)
        name = method or UNKNOWN
        stats = by_method.get(name)
        if stats is None:
            stats = MethodStats(name, buckets=[Bucket() for _ in range(window.buckets)])
            by_method[name] = stats
        for target in (stats, total):
            target.calls += 1
            target.durations.append(duration)
            if status == "SUCCESS":
                target.buckets[index].ok += 1
            else:
                target.failures += 1
                target.buckets[index].failed += 1
    ordered = sorted(by_method.values(), key=lambda s: (-s.calls, s.method))
    return [total, *ordered]
