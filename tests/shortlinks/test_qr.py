"""QR codes come out as real PNG or SVG images."""

from __future__ import annotations

import pytest

from flowhooks.shortlinks.qr import MEDIA_TYPES, parse_qr_format, qr_code


def test_png_is_a_png_image() -> None:
    """The PNG output starts with the PNG signature."""
    assert qr_code("https://s.example.com/BEK4YYnx").startswith(b"\x89PNG\r\n\x1a\n")


def test_svg_is_an_svg_document() -> None:
    """The SVG output is an SVG document."""
    assert b"<svg" in qr_code("https://s.example.com/BEK4YYnx", "svg")


def test_scale_makes_the_png_larger() -> None:
    """A larger scale gives a larger image."""
    url = "https://s.example.com/BEK4YYnx"
    assert len(qr_code(url, scale=20)) > len(qr_code(url, scale=2))


@pytest.mark.parametrize("scale", [0, 41])
def test_scale_is_bounded(scale: int) -> None:
    """A scale outside 1..40 is refused."""
    with pytest.raises(ValueError, match="scale"):
        qr_code("x", scale=scale)


@pytest.mark.parametrize(
    ("raw", "fmt"), [(None, "png"), ("", "png"), ("SVG", "svg"), ("png", "png")]
)
def test_format_parsing(raw: str | None, fmt: str) -> None:
    """The format defaults to PNG and is read in any letter case."""
    assert parse_qr_format(raw) == fmt
    assert MEDIA_TYPES[parse_qr_format(raw)].startswith("image/")


def test_unknown_format_is_refused() -> None:
    """A format other than png or svg is refused by name."""
    with pytest.raises(ValueError, match="png or svg"):
        parse_qr_format("gif")
