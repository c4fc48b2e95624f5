"""Small inline SVG bar charts (no JavaScript): calls per time bucket, failures stacked red.

Colours come from classes in console.css, so the strict CSP (no inline styles) holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from flowhooks.http.console.stats import Bucket


def bar_chart(
    buckets: Sequence[Bucket],
    *,
    width: int = 360,
    height: int = 48,
    title: str = "",
    labels: Sequence[str] = (),
) -> Markup:
    """An SVG with one bar per bucket: successes below, failures stacked on top."""
    count = max(len(buckets), 1)
    peak = max((b.total for b in buckets), default=0) or 1
    slot = width / count
    bar = max(slot - 2, 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}"/>',
    ]
    for i, b in enumerate(buckets):
        x = i * slot + 1
        ok_h = b.ok / peak * (height - 2)
        failed_h = b.failed / peak * (height - 2)
        label = labels[i] if i < len(labels) else f"bucket {i + 1}"
        tip = escape(f"{label}: {b.total} calls, {b.failed} failed")
        parts.append(f"<g><title>{tip}</title>")
        if b.ok:
            parts.append(
                f'<rect class="ok" x="{x:.1f}" y="{height - 1 - ok_h:.1f}" '
                f'width="{bar:.1f}" height="{ok_h:.1f}"/>'
            )
        if b.failed:
            parts.append(
                f'<rect class="failed" x="{x:.1f}" y="{height - 1 - ok_h - failed_h:.1f}" '
                f'width="{bar:.1f}" height="{failed_h:.1f}"/>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
