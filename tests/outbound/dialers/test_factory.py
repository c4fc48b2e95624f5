"""Building a flow's dialer, its status URLs, and the account's outbound settings."""

from __future__ import annotations

from datetime import time

import httpx
import pytest
from pydantic import ValidationError

from flowhooks.outbound.dialers.exotel import ExotelDialer
from flowhooks.outbound.dialers.factory import DialerKind, DialerSpec, build_dialer, status_url
from flowhooks.outbound.dialers.http import HttpDialer
from flowhooks.outbound.settings import OutboundSettings
from flowhooks.outbound.signing import callback_token

EXOTEL_OPTIONS = {"sid": "acme1", "api_key": "k", "api_token": "t", "flow_url": "http://f"}


async def test_kind_picks_the_adapter(http_client: httpx.AsyncClient) -> None:
    """`http` builds the signed-JSON dialer and `exotel` the Calls/connect one."""
    http = build_dialer(DialerSpec(DialerKind.HTTP, "http://d", "s"), http_client)
    exo = build_dialer(DialerSpec(DialerKind.EXOTEL, "", "s", EXOTEL_OPTIONS), http_client)
    assert isinstance(http, HttpDialer)
    assert isinstance(exo, ExotelDialer)
    assert exo.connect_url == "https://api.exotel.com/v1/Accounts/acme1/Calls/connect"


async def test_exotel_needs_its_credentials(http_client: httpx.AsyncClient) -> None:
    """An exotel dialer without sid, key, token or flow URL is refused, naming them."""
    with pytest.raises(ValueError, match="sid, api_key, api_token, flow_url"):
        build_dialer(DialerSpec(DialerKind.EXOTEL, "", "s"), http_client)


def test_status_urls() -> None:
    """http dialers report to the signed status API; Exotel to a per-attempt token URL."""
    http = DialerSpec(DialerKind.HTTP, "http://d", "s")
    exo = DialerSpec(DialerKind.EXOTEL, "", "s", EXOTEL_OPTIONS)
    assert status_url(http, "https://fh.example/", "u", 1) == (
        "https://fh.example/kairos-apis/outbound/status"
    )
    token = callback_token("s", "u:2")
    assert status_url(exo, "https://fh.example", "u", 2) == (
        f"https://fh.example/kairos-apis/outbound/status/exotel/u/2/{token}"
    )


def test_settings_defaults_and_window() -> None:
    """Empty settings are valid (09:00-21:00, business days); an inverted window is not."""
    settings = OutboundSettings.model_validate({})
    assert settings.calling_hours.start == time(9, 0)
    assert settings.business_days_only
    with pytest.raises(ValidationError):
        OutboundSettings(calling_hours_start=time(22, 0), calling_hours_end=time(8, 0))
