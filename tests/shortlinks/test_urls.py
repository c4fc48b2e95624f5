"""Long URLs: only absolute http(s) URLs with a host are shortened."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.shortlinks.urls import MAX_URL_LENGTH, UrlRejected, validate_long_url


@pytest.mark.parametrize(
    "url",
    [
        "https://google.co.in",
        "http://localhost:8000/a?b=c#d",
        "https://[::1]:8443/x",
        "https://1.2.3.4/path",
        "https://пример.рф/страница",
        "https://a.example/é?x=%20&y=1",
        "HTTPS://EXAMPLE.COM/",
    ],
)
def test_absolute_http_urls_are_accepted_unchanged(url: str) -> None:
    """An absolute http(s) URL with a host is accepted exactly as given."""
    assert validate_long_url(url) == url


def test_surrounding_whitespace_is_trimmed() -> None:
    """Whitespace around the URL (a pasted newline) is trimmed, not refused."""
    assert validate_long_url("  https://example.com/x\n") == "https://example.com/x"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "empty"),
        ("javascript:alert(1)", "only http and https"),
        ("JavaScript://%0aalert(1)", "only http and https"),
        ("data:text/html,<script>", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.com/", "only http and https"),
        ("example.com/page", "not absolute"),
        ("//example.com/page", "not absolute"),
        ("https:/example.com", "no host"),
        ("https:///path", "no host"),
        ("https://exa mple.com", "whitespace"),
        ("https://example.com/a\tb", "whitespace"),
        ("https://example.com/\x00", "control character"),
        ("https://example.com/\x7f", "control character"),
        ("https://example.com/\u200b", "invisible"),
        ("https://bank.example@evil.example/", "user name or password"),
        ("https://example.com:99999/", "invalid port"),
        ("https://[not-ip]/", "cannot be read"),
        ("https://-bad-.example/", "not a valid domain"),
        ("https://a..example/", "not a valid domain"),
        (
            "https://follow same pattern if more than 2 request parameters ] }google.co.in",
            "whitespace",
        ),
    ],
)
def test_unsafe_or_broken_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    """A URL that cannot be shortened is refused with a reason a person can act on."""
    with pytest.raises(UrlRejected, match=reason):
        validate_long_url(url)


def test_over_long_urls_are_refused() -> None:
    """A URL over 2048 characters is refused, and one of exactly 2048 is accepted."""
    base = "https://example.com/"
    assert validate_long_url(base + "a" * (MAX_URL_LENGTH - len(base)))
    with pytest.raises(UrlRejected, match="2049 characters"):
        validate_long_url(base + "a" * (MAX_URL_LENGTH - len(base) + 1))


@given(st.text(max_size=80))
def test_accepted_urls_are_always_http_with_a_host(text: str) -> None:
    """Anything accepted has an http(s) scheme, a host and no whitespace or control characters."""
    for candidate in (text, "https://" + text, "http://example.com/" + text):
        try:
            url = validate_long_url(candidate)
        except UrlRejected:
            continue
        parts = urlsplit(url)
        assert parts.scheme.lower() in {"http", "https"}
        assert parts.hostname
        assert not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url)
