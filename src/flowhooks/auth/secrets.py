"""The one place secrets are compared or hashed: constant-time equality and argon2.

Every credential check in flowhooks decides through `same_secret` (hmac.compare_digest on
bytes) or `verify_password` (argon2), so no secret is ever compared with `==`. argon2 is
imported and its dummy hash computed on first use: a command that checks no password
(`flowhooks --help`, `flowhooks accounts list`) pays for neither.
"""

from __future__ import annotations

import hmac
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher


def same_secret(expected: str | bytes, given: str | bytes) -> bool:
    """Constant-time equality, on bytes: compare_digest refuses str with non-ASCII text."""
    a = expected.encode() if isinstance(expected, str) else expected
    b = given.encode() if isinstance(given, str) else given
    return hmac.compare_digest(a, b)


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when a user name is unknown, so both failures cost the same time."""
    return hash_password("flowhooks-no-such-user")


def hash_password(password: str) -> str:
    """An argon2 hash of `password`, with its own salt."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches the hash; no hash (no such user) costs the same: False."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        ok = _hasher().verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and bool(password_hash)
