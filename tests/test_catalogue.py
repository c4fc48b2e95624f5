"""Every catalogue example, posted verbatim to a fresh demo, answers SUCCESS."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from flowhooks.accounts import demo
from flowhooks.catalogue import describe
from flowhooks.methods import REGISTRY

# translateText needs a translation provider key; its local-provider tests are in
# tests/language/translation.
NEEDS_A_PROVIDER = {"translateText"}
EXAMPLES = [
    pytest.param(example, id=f"{method.name}-{index}")
    for method in REGISTRY
    if method.name not in NEEDS_A_PROVIDER
    for index, example in enumerate(describe(method)["examples"])
]


@pytest.mark.parametrize("example", EXAMPLES)
async def test_example_answers_success_on_the_demo(
    app: FastAPI, client: httpx.AsyncClient, demo_account: int, example: dict[str, object]
) -> None:
    """The example works as written against what `flowhooks demo` creates."""
    await demo.seed_examples(app.state.runtime.db)
    response = await client.post("/webhook", json=example)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "SUCCESS", response.text
