"""Percentiles, per-method windows and the SVG charts (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.http.console import charts, stats

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1), st.integers(1, 100))
def test_percentile_is_a_value_that_occurred_and_is_monotonic(values: list[float], q: int) -> None:
    """A nearest-rank percentile is one of the values, and never falls as q rises."""
    p = stats.percentile(values, q)
    assert p in values
    assert p is not None
    higher = stats.percentile(values, min(q + 1, 100))
    assert higher is not None
    assert higher >= p


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1))
def test_p100_is_the_maximum_and_p50_splits_in_half(values: list[float]) -> None:
    """p100 is the largest value; at least half the values are at or below p50."""
    assert stats.percentile(values, 100) == max(values)
    p50 = stats.percentile(values, 50)
    assert sum(v <= p50 for v in values) * 2 >= len(values)  # type: ignore[operator]


def test_percentile_of_nothing_is_none_and_q_is_checked() -> None:
    """No values have no percentile; q outside (0, 100] is refused."""
    assert stats.percentile([], 50) is None
    with pytest.raises(ValueError, match="q must be"):
        stats.percentile([1.0], 0)


def test_p99_of_one_to_a_hundred() -> None:
    """Of 1..100 ms, p50 is 50 and p99 is 99."""
    values = [float(v) for v in range(1, 101)]
    assert stats.percentile(values, 50) == 50
    assert stats.percentile(values, 99) == 99


def test_summary_counts_errors_per_method_and_keeps_the_window() -> None:
    """Rows outside the window are ignored; failures count per method and in the total."""
    rows = [
        ("a", "SUCCESS", 10.0, NOW - timedelta(minutes=1)),
        ("a", "FAILED", 30.0, NOW - timedelta(minutes=2)),
        ("b", "SUCCESS", 5.0, NOW - timedelta(minutes=59)),
        ("b", "SUCCESS", 5.0, NOW - timedelta(minutes=61)),  # outside the hour
        (None, "FAILED", 1.0, (NOW - timedelta(minutes=3)).replace(tzinfo=None)),
    ]
    total, *methods = stats.summarize(rows, stats.HOUR, NOW)
    assert (total.method, total.calls, total.failures) == ("all", 4, 2)
    by_name = {m.method: m for m in methods}
    assert by_name["a"].error_rate == 0.5
    assert by_name["a"].p99 == 30.0
    assert by_name["b"].calls == 1
    assert by_name[stats.UNKNOWN].failures == 1
    assert next(m.method for m in methods) == "a"  # busiest first
    assert sum(b.total for b in total.buckets) == 4
    assert total.buckets[-1].failed == 2  # the last five minutes
    assert total.buckets[0].ok == 1  # 59 minutes ago


def test_chart_draws_one_bar_group_per_bucket_and_escapes_titles() -> None:
    """The SVG has a group per bucket, failures in red, and escaped text."""
    buckets = [stats.Bucket(ok=2, failed=1), stats.Bucket(), stats.Bucket(ok=1)]
    svg = str(charts.bar_chart(buckets, title="<x>", labels=["10:00", "10:05", "10:10"]))
    assert svg.startswith("<svg")
    assert svg.count("<g>") == 3
    assert svg.count('class="failed"') == 1
    assert svg.count('class="ok"') == 2
    assert "&lt;x&gt;" in svg
    assert "<x>" not in svg
    assert "10:00: 3 calls, 1 failed" in svg
