"""Signed values for the console: session cookies and CSRF tokens (HMAC-SHA256, no I/O).

A session cookie is `<token>.<signature>`: a tampered or forged cookie is refused before any
database lookup. CSRF tokens are derived from the session token, so they need no storage
and change with every login; the login form, which has no session yet, uses a random nonce
kept in its own short-lived cookie (double submit, signed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flowhooks.auth.secrets import same_secret


def _mac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps instead of the session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign_session(key: bytes, token: str) -> str:
    return f"{token}.{_mac(key, 'session', token)}"


def unsign_session(key: bytes, cookie: str | None) -> str | None:
    """The session token inside a cookie, or None when the cookie is absent or tampered with."""
    if not cookie or "." not in cookie:
        return None
    token, _, signature = cookie.rpartition(".")
    if not token or not same_secret(_mac(key, "session", token), signature):
        return None
    return token


def csrf_token(key: bytes, session_token: str) -> str:
    return _mac(key, "csrf", session_token)


def csrf_matches(key: bytes, session_token: str, submitted: str | None) -> bool:
    return submitted is not None and same_secret(csrf_token(key, session_token), submitted)
