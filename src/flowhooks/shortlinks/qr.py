"""QR codes for short links, as PNG or SVG bytes (segno, no image library needed).

A printed flyer or a screen in a branch office shows the short URL as a QR code; the
short URL (not the long one) is encoded so every scan is counted as a visit.
"""

from __future__ import annotations

import io
from typing import Literal

import segno

QrFormat = Literal["png", "svg"]
QR_FORMATS: tuple[QrFormat, ...] = ("png", "svg")
MEDIA_TYPES: dict[QrFormat, str] = {"png": "image/png", "svg": "image/svg+xml"}
DEFAULT_SCALE = 8
MAX_SCALE = 40


def parse_qr_format(raw: str | None) -> QrFormat:
    """``png`` (the default when absent) or ``svg``, any case; anything else is a ValueError."""
    if raw is None or raw == "":
        return "png"
    lowered = raw.lower()
    if lowered not in QR_FORMATS:
        raise ValueError(f"format must be png or svg, got {raw!r}")
    return lowered


def qr_code(data: str, fmt: QrFormat = "png", *, scale: int = DEFAULT_SCALE) -> bytes:
    """The QR code of ``data`` (medium error correction, 4-module quiet zone) as bytes."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be 1..{MAX_SCALE}, got {scale}")
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind=fmt, scale=scale, border=4)
    return buffer.getvalue()
