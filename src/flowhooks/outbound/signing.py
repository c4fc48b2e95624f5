"""HMAC-SHA256 signatures between flowhooks and a dialer, both directions.

flowhooks signs what it sends a dialer and a dialer signs the attempt results it posts
back: `X-Flowhooks-Signature: sha256=<hex>` of the raw body with the flow's dialer secret
(the GitHub / Stripe webhook habit). Exotel cannot sign, so its StatusCallback URL carries
a token: the HMAC of the attempt's idempotency key. Every comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac

from flowhooks.auth.secrets import same_secret

SIGNATURE_HEADER = "X-Flowhooks-Signature"
_PREFIX = "sha256="


def _mac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes) -> str:
    """The header value for `body`: `sha256=<hex>`."""
    return _PREFIX + _mac(secret, body)


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the signature of exactly `body` under `secret`."""
    if not header or not header.startswith(_PREFIX):
        return False
    expected = sign(secret, body)
    return same_secret(expected, header.strip())


def callback_token(secret: str, idempotency_key: str) -> str:
    """The token put in a provider's callback URL for one attempt."""
    return _mac(secret, b"callback:" + idempotency_key.encode())


def verify_callback_token(secret: str, idempotency_key: str, token: str) -> bool:
    """Whether `token` was issued for this attempt under `secret`."""
    return same_secret(callback_token(secret, idempotency_key), token)
