"""Which long URLs may be shortened.

A short link sends whoever taps it in an SMS straight to its target, so only absolute
``http``/``https`` URLs with a real host are accepted. ``javascript:``, ``data:`` and
``file:`` URLs, control characters, whitespace inside the URL, credentials before the
host (``https://bank.example@evil.example/``, a phishing trick) and URLs longer than
2048 characters are refused with a reason a person can act on.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2048
ALLOWED_SCHEMES = frozenset({"http", "https"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_ASCII_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")


class UrlRejected(ValueError):
    """A long URL that cannot be shortened; the message says why, for a 400 answer."""


def validate_long_url(raw: str) -> str:
    """Return the URL (surrounding whitespace trimmed) or raise UrlRejected with the reason."""
    url = raw.strip()
    if not url:
        raise UrlRejected("the URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise UrlRejected(
            f"the URL is {len(url)} characters long; at most {MAX_URL_LENGTH} are accepted"
        )
    for char in url:
        if char.isspace():
            raise UrlRejected("the URL contains whitespace; encode spaces as %20")
        category = unicodedata.category(char)
        if category == "Cc":
            raise UrlRejected(f"the URL contains a control character (U+{ord(char):04X})")
        if category == "Cf":
            raise UrlRejected(
                f"the URL contains an invisible formatting character (U+{ord(char):04X})"
            )
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        raise UrlRejected("the URL is not absolute: it must start with http:// or https://")
    scheme = scheme_match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UrlRejected(f"only http and https URLs can be shortened, not {scheme}:")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UrlRejected(f"the URL cannot be read: {exc}") from None
    if not url[len(scheme) + 1 :].startswith("//") or not parts.netloc:
        raise UrlRejected("the URL has no host: it must look like https://example.com/...")
    _check_netloc(parts)
    return url


def _check_netloc(parts: SplitResult) -> None:
    if "@" in parts.netloc:
        raise UrlRejected("the URL carries a user name or password before the host")
    try:
        port = parts.port
    except ValueError as exc:
        raise UrlRejected(f"the URL has an invalid port: {exc}") from None
    if port == 0:
        raise UrlRejected("the URL has an invalid port: 0")
    host = parts.hostname
    if not host:
        raise UrlRejected("the URL has no host: it must look like https://example.com/...")
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise UrlRejected(f"the URL's host [{host}] is not an IPv6 address") from None
        return
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise UrlRejected(f"the URL's host {host!r} is not a valid domain name") from None
    if not _ASCII_HOST.fullmatch(host):
        raise UrlRejected(f"the URL's host {host!r} is not a valid domain name")
