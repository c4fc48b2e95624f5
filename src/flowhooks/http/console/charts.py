"""Inline SVG charts (no JavaScript) on shared, labelled axes: volume, error rate, latency.

Every chart of one window uses the same x axis (the window's buckets, the same tick labels)
and, for one measure, the same y maximum across methods, so 3 calls are never drawn as
tall as 2,714. The y axis names its unit and its maximum; each bucket's exact numbers are
in a <title> (shown on hover and read by screen readers), and the overview repeats them in
a table. Colours come from classes in console.css, so the strict CSP (no inline styles)
holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from flowhooks.http.console.stats import Bucket, error_rate_text

WIDTH = 300
HEIGHT = 96
LEFT = 44  # room for the y labels
BOTTOM = 16  # room for the x tick labels
TOP = 4
TICKS = 4


@dataclass(frozen=True)
class XAxis:
    """The buckets' labels, and which of them are written under the axis."""

    labels: Sequence[str]
    ticks: Sequence[int]


@dataclass(frozen=True)
class YAxis:
    """From 0 to `maximum`, in `unit` (written at the top of the axis)."""

    maximum: float
    unit: str


def x_axis(labels: Sequence[str], ticks: int = TICKS) -> XAxis:
    """Tick labels at evenly spaced buckets, the first bucket always among them."""
    step = max(1, math.ceil(len(labels) / ticks))
    return XAxis(labels, list(range(0, len(labels), step)))


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is >= value (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def number(value: float) -> str:
    """2,714 / 0.5 / 12: thousands separated, no trailing .0."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _frame(x: XAxis, y: YAxis, title: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH}" y2="{TOP + plot_h}"/>',
        f'<text class="tick y-max" x="{LEFT - 3}" y="{TOP + 8}" text-anchor="end">'
        f"{escape(number(y.maximum))} {escape(y.unit)}</text>",
        f'<text class="tick" x="{LEFT - 3}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    slot = (WIDTH - LEFT) / max(len(x.labels), 1)
    for i in x.ticks:
        parts.append(
            f'<text class="tick x-tick" x="{LEFT + i * slot:.1f}" y="{HEIGHT - 3}">'
            f"{escape(x.labels[i])}</text>"
        )
    return parts


def _bars(
    values: Sequence[Sequence[tuple[str, float]]], tips: Sequence[str], x: XAxis, y: YAxis
) -> list[str]:
    """One group per bucket: its bars (class, value) side by side, its tip as <title>."""
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(x.labels), 1)
    parts: list[str] = []
    for i, (bars, tip) in enumerate(zip(values, tips, strict=True)):
        parts.append(f"<g><title>{escape(tip)}</title>")
        parts.append(
            f'<rect class="hit" x="{LEFT + i * slot:.1f}" y="{TOP}" '
            f'width="{slot:.1f}" height="{plot_h}"/>'
        )
        width = max((slot - 2) / max(len(bars), 1), 1)
        base = TOP + plot_h
        for j, (css, value) in enumerate(bars):
            if value <= 0:
                continue
            h = min(value / y.maximum, 1) * plot_h
            parts.append(
                f'<rect class="{css}" x="{LEFT + i * slot + 1 + j * width:.1f}" '
                f'y="{base - h:.1f}" width="{width:.1f}" height="{h:.1f}"/>'
            )
        parts.append("</g>")
    return parts


def volume_chart(buckets: Sequence[Bucket], x: XAxis, y: YAxis, title: str) -> Markup:
    """Calls per bucket: successes below, failures stacked on top."""
    parts = _frame(x, y, title)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(x.labels), 1)
    base = TOP + plot_h
    for i, b in enumerate(buckets):
        tip = f"{x.labels[i]}: {number(b.total)} calls, {number(b.failed)} failed"
        parts.append(f"<g><title>{escape(tip)}</title>")
        parts.append(
            f'<rect class="hit" x="{LEFT + i * slot:.1f}" y="{TOP}" '
            f'width="{slot:.1f}" height="{plot_h}"/>'
        )
        ok_h = b.ok / y.maximum * plot_h
        failed_h = b.failed / y.maximum * plot_h
        bar_x = LEFT + i * slot + 1
        bar_w = max(slot - 2, 1)
        if b.ok:
            parts.append(
                f'<rect class="ok" x="{bar_x:.1f}" y="{base - ok_h:.1f}" '
                f'width="{bar_w:.1f}" height="{ok_h:.1f}"/>'
            )
        if b.failed:
            parts.append(
                f'<rect class="failed" x="{bar_x:.1f}" y="{base - ok_h - failed_h:.1f}" '
                f'width="{bar_w:.1f}" height="{failed_h:.1f}"/>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def error_rate_chart(buckets: Sequence[Bucket], x: XAxis, y: YAxis, title: str) -> Markup:
    """The share of failed calls per bucket, in %."""
    tips = [
        f"{x.labels[i]}: {error_rate_text(b.failed, b.total)} "
        f"({number(b.failed)} of {number(b.total)} failed)"
        for i, b in enumerate(buckets)
    ]
    values = [[("failed", b.error_rate * 100)] for b in buckets]
    parts = [*_frame(x, y, title), *_bars(values, tips, x, y), "</svg>"]
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped


def latency_chart(buckets: Sequence[Bucket], x: XAxis, y: YAxis, title: str) -> Markup:
    """p50 and p99 latency per bucket, side by side, in ms."""
    tips = [
        f"{x.labels[i]}: p50 {_ms(b.p50)}, p99 {_ms(b.p99)} ({number(b.total)} calls)"
        for i, b in enumerate(buckets)
    ]
    values = [[("p50", b.p50 or 0.0), ("p99", b.p99 or 0.0)] for b in buckets]
    parts = [*_frame(x, y, title), *_bars(values, tips, x, y), "</svg>"]
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f} ms"


def shared_y_axes(series: Sequence[Sequence[Bucket]]) -> tuple[YAxis, YAxis, YAxis]:
    """The volume, error-rate and latency axes shared by every chart of a window."""
    buckets = [b for s in series for b in s]
    calls = max((b.total for b in buckets), default=0)
    rate = max((b.error_rate * 100 for b in buckets), default=0.0)
    slowest = max((b.p99 or 0.0 for b in buckets), default=0.0)
    return (
        YAxis(nice_ceiling(calls), "calls"),
        YAxis(min(nice_ceiling(rate), 100.0), "%"),
        YAxis(nice_ceiling(slowest), "ms"),
    )
