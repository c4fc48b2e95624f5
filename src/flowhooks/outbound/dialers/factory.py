"""From a flow's stored dialer settings to a Dialer, and the status URL of each attempt.

The flow row keeps `dialer_kind`, `dialer_url`, the secret and (for Exotel) the account
sid, key, token and flow URL; this module is the one place that turns them into an
adapter, so the dispatcher never branches on the kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

from flowhooks.outbound.dialers.base import Dialer, idempotency_key
from flowhooks.outbound.dialers.exotel import DEFAULT_BASE_URL, ExotelConfig, ExotelDialer
from flowhooks.outbound.dialers.http import HttpDialer
from flowhooks.outbound.dialers.retry import Backoff
from flowhooks.outbound.signing import callback_token

STATUS_PATH = "/kairos-apis/outbound/status"


class DialerKind(StrEnum):
    """The dialer protocols a flow can use."""

    HTTP = "http"
    EXOTEL = "exotel"


@dataclass(frozen=True)
class DialerSpec:
    """Everything needed to build a flow's dialer. `options` holds the Exotel fields
    (`sid`, `api_key`, `api_token`, `flow_url`, `time_limit`, `time_out`)."""

    kind: DialerKind
    url: str
    secret: str
    options: dict[str, Any] = field(default_factory=dict)


def exotel_config(spec: DialerSpec) -> ExotelConfig:
    """The Exotel settings of a spec; ValueError naming a missing field."""
    missing = [k for k in ("sid", "api_key", "api_token", "flow_url") if not spec.options.get(k)]
    if missing:
        raise ValueError(f"an exotel dialer needs {', '.join(missing)}")
    opts = spec.options
    return ExotelConfig(
        sid=str(opts["sid"]),
        api_key=str(opts["api_key"]),
        api_token=str(opts["api_token"]),
        flow_url=str(opts["flow_url"]),
        base_url=spec.url or DEFAULT_BASE_URL,
        time_limit=int(opts["time_limit"]) if opts.get("time_limit") else None,
        time_out=int(opts["time_out"]) if opts.get("time_out") else None,
    )


def build_dialer(
    spec: DialerSpec,
    client: httpx.AsyncClient,
    backoff: Backoff | None = None,
    timeout: float = 5.0,
) -> Dialer:
    """The adapter for `spec`, sharing `client`; `timeout` bounds each HTTP request."""
    if spec.kind is DialerKind.EXOTEL:
        return ExotelDialer(client, exotel_config(spec), timeout=timeout, backoff=backoff)
    return HttpDialer(client, spec.url, spec.secret, timeout=timeout, backoff=backoff)


def status_url(spec: DialerSpec, base_url: str, phonon_uuid: str, attempt_number: int) -> str:
    """Where the dialer reports this attempt: the signed status API, or for Exotel (which
    cannot sign) a URL naming the attempt with its callback token."""
    base = base_url.rstrip("/") + STATUS_PATH
    if spec.kind is DialerKind.EXOTEL:
        token = callback_token(spec.secret, idempotency_key(phonon_uuid, attempt_number))
        return f"{base}/exotel/{phonon_uuid}/{attempt_number}/{token}"
    return base
