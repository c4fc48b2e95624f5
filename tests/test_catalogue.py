"""Every catalogue example, posted verbatim to a fresh demo, answers SUCCESS.

translateText's example reaches a local server that speaks Google Translation v2's real
protocol (tests/language/translation), as the demo's Google base URL.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.accounts import demo
from flowhooks.catalogue import describe
from flowhooks.methods import REGISTRY
from tests.conftest import AppFactory
from tests.language.translation.translation_fakes import LocalServer, ProviderScript

NAMED = [
    (method.name, index, example)
    for method in REGISTRY
    for index, example in enumerate(describe(method)["examples"])
]
EXAMPLES = [pytest.param(example, id=f"{name}-{index}") for name, index, example in NAMED]


@pytest.fixture
async def app(app_factory: AppFactory, google_server: LocalServer) -> FastAPI:
    """The app with Google Translation v2 on the local fake server."""
    application: FastAPI = await app_factory(google_translate_url=google_server.url)
    return application


@pytest.mark.parametrize("example", EXAMPLES)
async def test_example_answers_success_on_the_demo(
    app: FastAPI,
    client: httpx.AsyncClient,
    demo_account: int,
    google: ProviderScript,
    example: dict[str, object],
) -> None:
    """The example works as written against what `flowhooks demo` creates."""
    await demo.seed_examples(app.state.runtime.db)
    response = await client.post("/webhook", json=example)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "SUCCESS", response.text


def test_every_method_has_an_example_here() -> None:
    """No method is left out of the examples posted above."""
    assert {name for name, _index, _example in NAMED} == {method.name for method in REGISTRY}
