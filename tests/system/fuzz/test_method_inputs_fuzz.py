"""Hypothesis against the envelope and every method's inputs, through the real pipeline.

The envelope: arbitrary bytes and arbitrary JSON shapes are parsed (only INVALID_FORMAT may
come out) and bound to every method (only MISSING_PARAMETER / INVALID_PARAMETER may come
out), then posted to the webhook door. Each method in the registry: variable maps built
from its declared inputs, mixing values that look right (its example, its default, its
choices, numbers in range, phone numbers, ISO times) with garbage (huge strings, unicode,
control characters, numbers as strings, empty, JSON numbers and booleans), required
variables left out, names in another scope or case, unknown extras; posted over HTTP to the
ASGI app with a started runtime, on the demo account.

What must hold: never a 500 (or any 5xx but a provider's 502/504 on translateText and
speechprocessing, whose providers sit on a closed local port here); the answer is a
well-formed envelope: its status agrees with the HTTP status, every key a string pair, a
failure has an error code and message, and a 422 names the variable it refuses.

Fast by default (40 examples a method); deeper: FLOWHOOKS_FUZZ_EXAMPLES=500 (docs/fuzzing.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from flowhooks import background as background_services
from flowhooks import envelope, kinds
from flowhooks.accounts.demo import DEMO_ACCOUNT_ID, DEMO_CUST_TOKEN, DEMO_SECURITY_ID
from flowhooks.errors import InvalidFormat, InvalidParameter, MissingParameter
from flowhooks.methods import REGISTRY
from flowhooks.registry import Method, Param
from tests.conftest import client_for
from tests.system.fuzz.fuzz_app import build_app, prepare_database

EXAMPLES = int(os.environ.get("FLOWHOOKS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="FLOWHOOKS_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROVIDER_METHODS = {"translateText", "speechprocessing"}
UPSTREAM = {502: "UPSTREAM_ERROR", 504: "UPSTREAM_TIMEOUT"}
MAX_ANSWER_BYTES = 32 * 1024
VARIABLE_IN_MESSAGE = re.compile(r"(\$[A-Za-z]+\.[A-Za-z]+\.[^\s:]+|accountID|keys\[\d+\])")


# ---------------------------------------------------------------- the app, on the demo account


@pytest.fixture(scope="module")
def fuzz_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("method-fuzz")
    url = f"sqlite+aiosqlite:///{root / 'fuzz.db'}"
    asyncio.run(prepare_database(url))
    return url, root / "data"


@pytest.fixture
async def fuzz_client(fuzz_database: tuple[str, Path]) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on a started app (no background work: nothing is dialled or delivered)."""
    url, data_dir = fuzz_database
    app: FastAPI = build_app(url, data_dir)
    background_services.install(app.state.runtime)
    await app.state.runtime.start(background=False)
    try:
        async with client_for(app) as client:
            yield client
    finally:
        await app.state.runtime.stop()


# ---------------------------------------------------------------- values, good-looking and bad

garbage = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),  # control characters
    st.sampled_from(
        ["", " ", "\t", "null", "NaN", "inf", "-inf", "1e309", "-0", "0x1F", "１２", "²", "١٢"]
    ),
    st.sampled_from(["9" * 25, "-" + "9" * 25, "1" * 5000, "x" * 17_500, "é" * 3000]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["😀" * 100, "\u202e\u0000", "<script>", "' OR 1=1 --", "%00", "../"]),
    # the ends of datetime's range, where date arithmetic overflows
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "31-12-9999"]),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
)
phones = st.one_of(
    st.integers(6_000_000_000, 9_999_999_999).map(str),
    st.integers(6_000_000_000, 9_999_999_999).map(lambda n: f"+91 {n}"),
    st.integers(6_000_000_000, 9_999_999_999).map(lambda n: f"0{n}"),
)
iso_times = st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
spoken = st.sampled_from(
    ["tomorrow", "next Monday", "4 November 2019", "कल", "parso", "8 december ko", "31-2-2020"]
)


def looks_right(param: Param) -> st.SearchStrategy[str]:
    """Values of the form the parameter expects (some still out of range or in the past)."""
    options: list[st.SearchStrategy[str]] = [
        st.sampled_from([v for v in (param.example, param.default) if v is not None] or [""])
    ]
    kind = param.kind
    if isinstance(kind, kinds.Choice):
        options.append(st.sampled_from(kind.choices).map(lambda c: c.upper()))
    if isinstance(kind, kinds.Integer):
        low = kind.minimum if kind.minimum is not None else -(2**40)
        high = kind.maximum if kind.maximum is not None else 2**40
        options.append(st.integers(low - 2, high + 2).map(str))
    if isinstance(kind, kinds.Phone) or param.name.lower() in ("cli", "contactnumbers"):
        options.append(phones)
        options.append(st.lists(phones, min_size=1, max_size=4).map(", ".join))
    if "time" in param.name.lower() or "date" in param.name.lower():
        options += [iso_times, spoken, st.dates().map(lambda d: d.isoformat())]
        options.append(st.sampled_from(["9999-12-31", "9999-12-31T23:59:59-14:00", "0001-01-01"]))
    if param.name == "securityID":
        options.append(st.just(DEMO_SECURITY_ID))
    if param.name == "token":
        options.append(st.just(DEMO_CUST_TOKEN))
    return st.one_of(options)


@st.composite
def value_for(draw: st.DrawFn, param: Param) -> Any:
    """Mostly a value of the right form, so calls get past validation into the method."""
    roll = draw(st.integers(0, 9))
    if roll < 7:
        return draw(looks_right(param))
    return draw(garbage if roll < 9 else json_scalars)


@st.composite
def name_for(draw: st.DrawFn, param: Param) -> str:
    """Mostly the full or bare name; sometimes another scope's or a user value's, any case."""
    other_scope = "$flow.syskey" if param.scope != "$flow.syskey" else "$flow.key"
    if draw(st.integers(0, 7)):
        name = draw(st.sampled_from([param.full_name, param.name]))
    else:
        name = draw(st.sampled_from([f"{other_scope}.{param.name}", f"$user.key.{param.name}"]))
    return draw(st.sampled_from([name, name.upper(), name.lower()]))


extra_names = st.one_of(
    st.from_regex(r"\$(flow|user)\.(key|syskey)\.[A-Za-z_][A-Za-z0-9_]{0,70}", fullmatch=True),
    st.text(min_size=1, max_size=30),
)


@st.composite
def variable_maps(draw: st.DrawFn, method: Method) -> list[tuple[str, Any]]:
    """Declared inputs (each maybe left out), the account, and unknown extras, in any order."""
    variables: list[tuple[str, Any]] = []
    for param in method.inputs:
        if param.name.lower() == "accountid":
            continue
        if draw(st.integers(0, 7)) == 0:  # one in eight: left out (required or not)
            continue
        variables.append((draw(name_for(param)), draw(value_for(param))))
    account = draw(
        st.sampled_from([str(DEMO_ACCOUNT_ID), DEMO_ACCOUNT_ID, f" {DEMO_ACCOUNT_ID} "])
        if draw(st.integers(0, 7))
        else st.one_of(garbage, st.none())
    )
    if account is not None:
        variables.append(("$user.syskey.accountID", account))
    variables += draw(
        st.lists(st.tuples(extra_names, st.one_of(garbage, json_scalars)), max_size=5)
    )
    return draw(st.permutations(variables))


def body_for(method_name: str, variables: list[tuple[str, Any]], flat: bool) -> bytes:
    """The body as a flow engine sends it (json, not orjson: integers past 64 bits go out too)."""
    if flat:
        return json.dumps({"method": method_name, **dict(variables)}).encode()
    keys = [{"name": name, "value": value} for name, value in variables]
    return json.dumps({"method": method_name, "keys": keys}).encode()


# ---------------------------------------------------------------- what every answer must be


def assert_well_formed(response: httpx.Response, method: Method | None) -> dict[str, Any]:
    status = response.status_code
    if status >= 500:
        provider = method is not None and method.name in PROVIDER_METHODS
        code = response.json().get("error", {}).get("code") if provider else None
        assert provider, f"{status}: {response.text[:800]}"
        assert code == UPSTREAM.get(status), f"{status}: {response.text[:800]}"
    assert len(response.content) < MAX_ANSWER_BYTES, f"a {len(response.content)}-byte answer"
    answer: dict[str, Any] = response.json()
    assert set(answer) == {"method", "status", "requestId", "keys", "error"}
    assert answer["status"] == ("SUCCESS" if status == 200 else "FAILED"), answer
    assert answer["requestId"]
    for key in answer["keys"]:
        assert set(key) == {"name", "value"}
        assert isinstance(key["name"], str)
        assert isinstance(key["value"], str)
    assert answer["keys"][0] == {"name": "$flow.key.status", "value": answer["status"]}
    if answer["status"] == "FAILED":
        error = answer["error"]
        assert error["code"]
        assert error["message"]
        if status == 422:
            assert VARIABLE_IN_MESSAGE.search(error["message"]), error["message"]
    else:
        assert answer["error"] is None
    return answer


# ---------------------------------------------------------------- the envelope

json_shapes = st.recursive(
    st.one_of(json_scalars, st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
envelope_shapes = st.one_of(
    json_shapes,
    st.fixed_dictionaries(
        {"method": st.one_of(st.sampled_from([m.name for m in REGISTRY]), json_shapes)},
        optional={"keys": st.one_of(json_shapes, st.lists(json_shapes, max_size=4))},
    ),
)


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), envelope_shapes.map(json.dumps).map(str.encode)))
def test_parsing_any_body_gives_an_envelope_or_invalid_format(body: bytes) -> None:
    """Arbitrary bytes and JSON shapes: parse_body answers an Envelope or raises InvalidFormat."""
    try:
        parsed = envelope.parse_body(body)
    except InvalidFormat as error:
        parsed = None
        message = error.message
    if parsed is None:
        assert message
        return
    assert all(isinstance(name, str) and name for name, _ in parsed.variables)
    assert all(value is None or isinstance(value, str) for _, value in parsed.variables)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("method", list(REGISTRY), ids=lambda m: m.name)
def test_binding_any_variables_gives_inputs_or_a_named_422(method: Method, data: Any) -> None:
    """bind() on fuzzed variables: inputs, or a 422 naming one of the method's variables."""
    variables = [
        (name, envelope._scalar(value, name) if not isinstance(value, str) else value)
        for name, value in data.draw(variable_maps(method))
        if name.strip()
    ]
    refused: MissingParameter | InvalidParameter | None = None
    try:
        inputs = envelope.bind(method, variables)
    except (MissingParameter, InvalidParameter) as error:
        refused = error
    if refused is not None:
        assert refused.variable in {p.full_name for p in method.inputs}, refused.message
        return
    for param in method.inputs:
        if param.required:
            assert param.name in inputs, param.name


@FUZZ
@given(body=st.one_of(st.binary(max_size=300), envelope_shapes.map(json.dumps).map(str.encode)))
async def test_any_body_posted_gets_a_well_formed_answer(
    fuzz_client: httpx.AsyncClient, body: bytes
) -> None:
    """Whatever the bytes, the door answers a well-formed envelope, never a 500."""
    response = await fuzz_client.post("/webhook", content=body)
    answer = assert_well_formed(response, REGISTRY.find(answer_method(response)))
    if response.status_code == 400:
        assert answer["error"]["code"] == "INVALID_FORMAT"


def answer_method(response: httpx.Response) -> str:
    name = response.json().get("method")
    return name if isinstance(name, str) else ""


# ---------------------------------------------------------------- every method's inputs


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("method", list(REGISTRY), ids=lambda m: m.name)
async def test_every_method_answers_fuzzed_inputs_well(
    fuzz_client: httpx.AsyncClient, method: Method, data: Any
) -> None:
    """Fuzzed variables for this method, in either body form, on any of its doors."""
    variables = data.draw(variable_maps(method))
    flat = data.draw(st.booleans())
    path = data.draw(
        st.sampled_from(["/webhook", f"/webhook/{method.name}", f"/{method.service}/prod/"])
    )
    body = body_for(method.name, variables, flat)
    response = await fuzz_client.post(path, content=body)
    answer = assert_well_formed(response, method)
    # `pytest --hypothesis-show-statistics` shows how often each answer came up.
    event(f"{response.status_code} {(answer['error'] or {}).get('code', 'SUCCESS')}")
