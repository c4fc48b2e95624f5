"""Percentiles, per-method windows and the SVG charts (pure functions)."""

from __future__ import annotations

import re
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


def test_volume_chart_draws_one_group_per_bucket_and_escapes_titles() -> None:
    """The SVG has a group per bucket with its exact counts, failures in red, escaped text."""
    buckets = [stats.Bucket(ok=2, failed=1), stats.Bucket(), stats.Bucket(ok=1)]
    x = charts.x_axis(["10:00", "10:05", "10:10"])
    y = charts.YAxis(5, "calls")
    svg = str(charts.volume_chart(buckets, x, y, "<x>"))
    assert svg.startswith("<svg")
    assert svg.count("<g>") == 3
    assert "<title>10:00: 3 calls, 1 failed</title>" in svg
    assert svg.count('class="failed"') == 1
    assert svg.count('class="ok"') == 2
    assert "&lt;x&gt;" in svg
    assert "<x>" not in svg


@pytest.mark.parametrize(
    ("failures", "calls", "shown"),
    [
        (0, 0, "0 %"),
        (0, 2714, "0 %"),
        (1, 2714, "0.04 %"),
        (1, 200_000, "0.0005 %"),
        (1, 200, "0.5 %"),
        (1, 15, "6.7 %"),
        (2713, 2714, "> 99.9 %"),
        (7, 7, "100 %"),
    ],
)
def test_an_error_rate_is_zero_only_when_nothing_failed(
    failures: int, calls: int, shown: str
) -> None:
    """1 failure in 2,714 is 0.04 %, never "0.0 %"; 2,713 in 2,714 is not "100 %"."""
    assert stats.error_rate_text(failures, calls) == shown


@given(st.integers(1, 10**7), st.integers(0, 10**7))
def test_a_failure_never_rounds_to_zero_or_all(failures: int, more: int) -> None:
    """Any failure shows a non-zero digit; anything short of all calls is not 100 %."""
    calls = failures + more
    text = stats.error_rate_text(failures, calls)
    assert any(c in "123456789" for c in text)
    assert (text == "100 %") == (more == 0)


def test_every_chart_of_a_window_shares_its_axes() -> None:
    """Per method and for all, the charts of a window have the same x ticks and, per
    measure, the same y maximum, labelled with its unit: 3 calls are not as tall as 30."""
    rows = [("busy", "SUCCESS", 20.0, NOW - timedelta(minutes=1))] * 30
    rows += [("quiet", "FAILED", 400.0, NOW - timedelta(minutes=31))] * 3
    summary = stats.summarize(rows, stats.HOUR, NOW)
    labels = [f"{m:02d}" for m in range(0, 60, 5)]
    x = charts.x_axis(labels)
    volume, rate, latency = charts.shared_y_axes([s.buckets for s in summary])
    assert (volume.maximum, volume.unit) == (50, "calls")
    assert (rate.maximum, rate.unit) == (100, "%")
    assert (latency.maximum, latency.unit) == (500, "ms")
    svgs = [str(charts.volume_chart(s.buckets, x, volume, s.method)) for s in summary]
    ticks = {tuple(re.findall(r'class="tick x-tick"[^>]*>([^<]+)<', svg)) for svg in svgs}
    assert ticks == {("00", "15", "30", "45")}
    assert all(">50 calls</text>" in svg for svg in svgs)
    heights = [
        [float(h) for h in re.findall(r'class="(?:ok|failed)"[^>]*height="([\d.]+)"', svg)]
        for svg in svgs
    ]
    busy, quiet = heights[1], heights[2]
    assert busy[0] == pytest.approx(quiet[0] * 10, rel=0.02)
    rate_svg = str(charts.error_rate_chart(summary[2].buckets, x, rate, "quiet"))
    assert "100 %" in rate_svg
    assert "3 of 3 failed" in rate_svg
    latency_svg = str(charts.latency_chart(summary[0].buckets, x, latency, "all"))
    assert ">500 ms</text>" in latency_svg
    assert "p50 400.0 ms, p99 400.0 ms (3 calls)" in latency_svg


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (30, 50), (2714, 5000), (0.04, 0.05)]
)
def test_nice_ceiling_is_one_two_or_five_times_a_power_of_ten(value: float, ceiling: float) -> None:
    """The y maximum is a round number at or above the peak."""
    assert charts.nice_ceiling(value) == pytest.approx(ceiling)


def test_the_seven_day_window_labels_its_buckets_with_the_day() -> None:
    """Windows over 24 h name the weekday; shorter ones only the time."""
    from zoneinfo import ZoneInfo

    from flowhooks.http.console import zones

    start = NOW - stats.WEEK.length
    step = stats.WEEK.length.total_seconds() / stats.WEEK.buckets
    week = zones.bucket_labels(start, step, stats.WEEK.buckets, ZoneInfo("UTC"), stats.WEEK.length)
    assert week[0] == "Sat 12:00"
    assert zones.duration_text(step) == "6 hours"
    assert zones.duration_text(300) == "5 minutes"
