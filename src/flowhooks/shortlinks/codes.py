"""Short codes: random ones for new links, and the rules a custom slug must follow.

A code is the path segment of a short URL (``https://s.example.com/<code>``), so it must
never be guessable, never be mistaken for another character when read off a phone screen,
and never shadow one of flowhooks' own paths. Every rule lives here, free of I/O, so the
store can retry on a collision with a generator passed in (tests pass a deterministic one).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from flowhooks.registry import LEGACY_SERVICES

# Letters and digits without look-alikes: no 0/O/o, no 1/l/I.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"
DEFAULT_CODE_LENGTH = 8
MIN_CODE_LENGTH = 4
MAX_CODE_LENGTH = 32

MIN_SLUG_LENGTH = 3
MAX_SLUG_LENGTH = 64
SLUG_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

# First path segments of flowhooks' own paths, beside the legacy webhook services.
OWN_PATHS = (
    "api",
    "admin",
    "webhook",
    "webhooks",
    "docs",
    "redoc",
    "openapi",
    "metrics",
    "healthz",
    "readyz",
    "static",
    "favicon",
    "robots",
    "login",
    "logout",
    "UrlShortner",
    "kairos-apis",
)
# Every word a slug may not be, lower-cased (compared case-insensitively).
RESERVED_WORDS: frozenset[str] = frozenset(w.lower() for w in (*OWN_PATHS, *LEGACY_SERVICES))

CodeGenerator = Callable[[], str]


class SlugRejected(ValueError):
    """A custom slug broke one of the rules; the message says which, for a 400 answer."""


def is_reserved(word: str) -> bool:
    """Whether ``word`` is one of flowhooks' own path names, in any letter case."""
    return word.lower() in RESERVED_WORDS


def random_code(length: int = DEFAULT_CODE_LENGTH) -> str:
    """A new random code of ``length`` characters from a cryptographic source."""
    if not MIN_CODE_LENGTH <= length <= MAX_CODE_LENGTH:
        raise ValueError(f"code length must be {MIN_CODE_LENGTH}..{MAX_CODE_LENGTH}, got {length}")
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if not is_reserved(code):
            return code


def code_generator(length: int = DEFAULT_CODE_LENGTH) -> CodeGenerator:
    """A zero-argument generator of random codes of ``length`` characters."""
    random_code(length)  # validates the length once, up front
    return lambda: random_code(length)


def validate_slug(slug: str) -> str:
    """Return ``slug`` when it may be used as a custom code, else raise SlugRejected."""
    if not MIN_SLUG_LENGTH <= len(slug) <= MAX_SLUG_LENGTH:
        raise SlugRejected(
            f"slug must be {MIN_SLUG_LENGTH} to {MAX_SLUG_LENGTH} characters long, got {len(slug)}"
        )
    if not SLUG_PATTERN.fullmatch(slug):
        raise SlugRejected(
            "slug may contain only letters A-Z a-z, digits, '-' and '_', "
            "and must start with a letter or a digit"
        )
    if is_reserved(slug):
        raise SlugRejected(f"slug {slug!r} is reserved for flowhooks' own paths")
    return slug
