"""Fixtures: fake Google v2 and LibreTranslate servers on 127.0.0.1, and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.language.translation.translation_fakes import (
    LocalServer,
    ProviderScript,
    bound_socket,
    google_app,
    libre_app,
)


@pytest.fixture(scope="session")
def google_script() -> ProviderScript:
    """The script of the shared fake Google server."""
    return ProviderScript()


@pytest.fixture(scope="session")
def libre_script() -> ProviderScript:
    """The script of the shared fake LibreTranslate server."""
    return ProviderScript()


@pytest.fixture(scope="session")
async def google_server(google_script: ProviderScript) -> AsyncIterator[LocalServer]:
    """A fake Google Translation v2 server for the whole session."""
    server = LocalServer(google_app(google_script), bound_socket())
    await server.start()
    yield server
    google_script.reset()
    await server.stop()


@pytest.fixture(scope="session")
async def libre_server(libre_script: ProviderScript) -> AsyncIterator[LocalServer]:
    """A fake LibreTranslate server for the whole session."""
    server = LocalServer(libre_app(libre_script), bound_socket())
    await server.start()
    yield server
    libre_script.reset()
    await server.stop()


@pytest.fixture
def google(google_server: LocalServer, google_script: ProviderScript) -> ProviderScript:
    """The fake Google server's script, fresh for this test."""
    google_script.reset()
    return google_script


@pytest.fixture
def libre(libre_server: LocalServer, libre_script: ProviderScript) -> ProviderScript:
    """The fake LibreTranslate server's script, fresh for this test."""
    libre_script.reset()
    return libre_script


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """A plain httpx client, as the core's shared client is."""
    async with httpx.AsyncClient() as client:
        yield client
