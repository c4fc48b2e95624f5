"""Fixtures of the outbound suite: the fake dialer and the fake Exotel, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from tests.outbound.outbound_fakes import FakeDialer, FakeExotel, fake_dialer_server, fake_exotel_server

DIALER_SECRET = "dialer-secret-for-tests"


@pytest.fixture
def fake_dialer() -> Iterator[FakeDialer]:
    """A dialer endpoint checking signatures with DIALER_SECRET."""
    with fake_dialer_server(FakeDialer(secret=DIALER_SECRET)) as fake:
        yield fake


@pytest.fixture
def fake_exotel() -> Iterator[FakeExotel]:
    """Exotel's Calls/connect for account sid `acme1`, key `k`, token `t`."""
    with fake_exotel_server(FakeExotel(sid="acme1", api_key="k", api_token="t")) as fake:
        yield fake


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client for the dialers under test."""
    async with httpx.AsyncClient() as client:
        yield client
