"""The registry is the one declaration: every method registered, documented and exemplified."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import flowhooks.methods
from flowhooks import envelope
from flowhooks.catalogue import render_markdown
from flowhooks.methods import REGISTRY
from flowhooks.registry import Method, Registry

DOCS = Path(__file__).resolve().parents[1] / "docs" / "methods.md"


def test_every_method_module_is_registered() -> None:
    """A module in flowhooks/methods that declares a Method but is not in REGISTRY fails."""
    registered = {id(m) for m in REGISTRY}
    for info in pkgutil.iter_modules(flowhooks.methods.__path__):
        module = importlib.import_module(f"flowhooks.methods.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Method):
                assert id(value) in registered, f"{info.name}.{value.name} is not in REGISTRY"


@pytest.mark.parametrize("method", list(REGISTRY), ids=lambda m: m.name)
def test_every_method_has_an_example_that_validates(method: Method) -> None:
    """Each method carries at least one example, and its example binds without error."""
    assert method.examples, f"{method.name} has no example"
    for example in method.examples:
        envelope.bind(method, list(example.keys.items()))
    assert method.summary
    for param in method.inputs:
        assert param.description, f"{method.name}.{param.name} has no description"


def test_the_list_is_alphabetical() -> None:
    """REGISTRY is kept in alphabetical order, case-insensitively."""
    names = [m.name.lower() for m in REGISTRY]
    assert names == sorted(names)


def test_docs_are_up_to_date() -> None:
    """docs/methods.md is what `python -m flowhooks.catalogue` writes from the registry."""
    assert DOCS.read_text(encoding="utf-8") == render_markdown(REGISTRY), (
        "docs/methods.md is stale: run `python -m flowhooks.catalogue`"
    )


def test_registration_refuses_a_clash() -> None:
    """Two methods with one name (in any case) cannot be registered together."""
    first = next(iter(REGISTRY))
    with pytest.raises(ValueError, match="declared twice"):
        Registry([first, first])


def test_lookup_is_case_insensitive_and_suggests_close_names() -> None:
    """fetchuserpreferences finds the method; a misspelling gets suggestions."""
    assert REGISTRY.find("FETCHUSERPREFERENCES") is not None
    assert "fetchUserPreferences" in REGISTRY.closest("fetchUserPreference")
