"""Per-method activity over a time window: calls, error rate, p50/p99 latency, buckets.

Each bucket keeps its calls, failures and durations, so the overview charts volume, error
rate and latency over time. `error_rate_text` never shows a failure as "0.0 %".

Computed in Python from the window's invocation rows (plain tuples, no I/O): fine while a
window holds up to a few hundred thousand calls; a rollup table can replace it later
without changing the pages.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
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
    slug: str
    length: timedelta
    buckets: int

    def start(self, now: datetime) -> datetime:
        return now - self.length


HOUR = Window("Last hour", "1h", timedelta(hours=1), 12)
DAY = Window("Last 24 hours", "24h", timedelta(days=1), 24)
WEEK = Window("Last 7 days", "7d", timedelta(days=7), 28)
WINDOWS = (HOUR, DAY, WEEK)
LONGEST = WEEK


class Figures(ABC):
    """Error rate and latency percentiles of some calls: a bucket's, or a method's."""

    durations: list[float]

    @abstractmethod
    def counts(self) -> tuple[int, int]:
        """(failures, calls)."""

    @property
    def error_rate(self) -> float:
        failures, calls = self.counts()
        return failures / calls if calls else 0.0

    @property
    def error_rate_text(self) -> str:
        return error_rate_text(*self.counts())

    @property
    def p50(self) -> float | None:
        return percentile(self.durations, 50)

    @property
    def p99(self) -> float | None:
        return percentile(self.durations, 99)


@dataclass
class Bucket(Figures):
    ok: int = 0
    failed: int = 0
    durations: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.ok + self.failed

    def counts(self) -> tuple[int, int]:
        return self.failed, self.total


def error_rate_text(failures: int, calls: int) -> str:
    """A percentage that is 0 only when nothing failed and 100 only when everything did.

    One decimal from 1 % up; below that, enough decimals for the first significant digit
    (1 failure in 2,714 is "0.04 %", not "0.0 %").
    """
    if calls <= 0 or failures <= 0:
        return "0 %"
    if failures >= calls:
        return "100 %"
    percent = failures / calls * 100
    decimals = -math.floor(math.log10(percent)) if percent < 1 else 1
    text = f"{percent:.{decimals}f}"
    if text.startswith("100"):
        return "> 99.9 %"
    return f"{text} %"


@dataclass
class MethodStats(Figures):
    method: str
    calls: int = 0
    failures: int = 0
    durations: list[float] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)

    def counts(self) -> tuple[int, int]:
        return self.failures, self.calls


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
            target.buckets[index].durations.append(duration)
            if status == "SUCCESS":
                target.buckets[index].ok += 1
            else:
                target.failures += 1
                target.buckets[index].failed += 1
    ordered = sorted(by_method.values(), key=lambda s: (-s.calls, s.method))
    return [total, *ordered]
