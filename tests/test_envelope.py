"""The envelope: parsing both forms, name matching, binding, and that no input reaches a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowhooks import envelope, kinds
from flowhooks.errors import InvalidFormat, InvalidParameter, MissingParameter
from flowhooks.registry import Method, Param


async def _noop(_ctx: Any, _inputs: Any) -> dict[str, str]:
    return {}


METHOD = Method(
    name="probe",
    service="test",
    summary="A method for envelope tests.",
    run=_noop,
    inputs=(
        Param("inputDate", kinds.Text(max_length=20), required=True),
        Param("type", kinds.Choice(["Appointment", "Callback"]), default="Callback"),
        Param("workingDaysOff", required_when=("type", "Appointment")),
        Param("validMaxDays", kinds.Integer(minimum=0, maximum=365)),
        Param("securityID", scope="$flow.syskey", secret=True),
    ),
    extras="$flow.key",
)


def test_keys_form_and_flat_form_parse_alike() -> None:
    """{"keys": [...]} and a flat object give the same variables."""
    keys = envelope.parse_body(
        b'{"method": "m", "keys": [{"name": "$flow.key.a", "value": 1}, '
        b'{"name": "b", "value": true}]}'
    )
    flat = envelope.parse_body(b'{"method": "m", "$flow.key.a": 1, "b": true}')
    assert keys.variables == flat.variables == [("$flow.key.a", "1"), ("b", "true")]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"method": 5}', '"method"'),
        (b'{"method": "m", "keys": {"name": "a"}}', '"keys" must be a list'),
        (b'{"method": "m", "keys": [5]}', "keys[0]"),
        (b'{"method": "m", "keys": [{"value": "x"}]}', "keys[0].name"),
        # the flat form's names follow the keys form's rule (the fuzzing found "" accepted)
        (b'{"method": "m", "": "x"}', "non-empty"),
        (b'{"method": "m", " ": "x"}', "non-empty"),
        (('{"method": "m", "' + "n" * 300 + '": "x"}').encode(), "longer than 256"),
        (b'{"method": "m", "keys": [{"name": "a", "value": {"x": 1}}]}', "string, number"),
    ],
)
def test_malformed_bodies_say_what_is_expected(body: bytes, fragment: str) -> None:
    """Each malformed body is INVALID_FORMAT with a message naming the problem."""
    with pytest.raises(InvalidFormat, match=None) as info:
        envelope.parse_body(body)
    assert fragment in info.value.message


def test_names_match_full_bare_and_other_scope_case_insensitively() -> None:
    """validMAxDays, $flow.key.INPUTDATE and $flow.syskey.type all find their parameter."""
    inputs = envelope.bind(
        METHOD,
        [
            ("$flow.key.INPUTDATE", "kal"),
            ("validMAxDays", "3"),
            ("$flow.syskey.type", "appointment"),
            ("workingdaysoff", "sun"),
        ],
    )
    assert inputs["inputDate"] == "kal"
    assert inputs["validMaxDays"] == 3
    assert inputs["type"] == "Appointment"


def test_full_name_wins_over_bare_name() -> None:
    """When both $flow.key.inputDate and inputDate are sent, the full name wins."""
    inputs = envelope.bind(METHOD, [("$flow.key.inputDate", "full"), ("inputDate", "bare")])
    assert inputs["inputDate"] == "full"


def test_user_key_values_never_fill_a_parameter() -> None:
    """$user.key.inputDate is a caller value, not the inputDate parameter."""
    with pytest.raises(MissingParameter):
        envelope.bind(METHOD, [("$user.key.inputDate", "x")])


def test_required_when_names_the_condition() -> None:
    """workingDaysOff is required when type is Appointment, and the message says so."""
    with pytest.raises(MissingParameter) as info:
        envelope.bind(METHOD, [("inputDate", "x"), ("type", "Appointment")])
    assert "$flow.key.workingDaysOff" in info.value.message
    assert "Appointment" in info.value.message


def test_invalid_values_name_variable_and_form_but_never_show_secrets() -> None:
    """A bad integer names the variable and the range; a secret value is never echoed."""
    with pytest.raises(InvalidParameter) as info:
        envelope.bind(METHOD, [("inputDate", "x"), ("validMaxDays", "lots")])
    assert "$flow.key.validMaxDays" in info.value.message
    assert "0 to 365" in info.value.message
    with pytest.raises(InvalidParameter) as info:
        envelope.bind(METHOD, [("inputDate", "x" * 21)])
    assert "20 characters" in info.value.message


def test_extras_keep_undeclared_flow_keys_with_full_names() -> None:
    """Undeclared variables reach the method as extras, bare names as $flow.key.*."""
    inputs = envelope.bind(
        METHOD, [("inputDate", "x"), ("customer", "A"), ("$flow.key.branch", "B")]
    )
    assert inputs.extras == [("$flow.key.customer", "A"), ("$flow.key.branch", "B")]


def test_flat_answer_is_a_map_of_strings() -> None:
    """?format=flat gives one flat map of strings."""
    answer = envelope.success_answer("m", "r1", {"ok": True, "n": 3})
    flat = envelope.flatten(answer)
    assert flat["$flow.key.ok"] == "true"
    assert flat["$flow.key.n"] == "3"
    assert flat["status"] == "SUCCESS"
    assert all(isinstance(v, str) for v in flat.values())


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
names = st.one_of(
    st.sampled_from(
        [
            "$user.syskey.contactNumber",
            "$user.syskey.accountID",
            "accountID",
            "$flow.key.cli",
            "$user.key.lang",
            "contactNumber",
            "$user.key.",
            "$",
            "method",
        ]
    ),
    st.text(max_size=20),
)
bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(
        lambda method, keys: json.dumps({"method": method, "keys": keys}).encode(),
        st.one_of(
            st.sampled_from(["fetchUserPreferences", "updateUserPreferences", "nope"]), json_values
        ),
        st.one_of(
            st.lists(st.fixed_dictionaries({"name": names, "value": json_values}), max_size=6),
            json_values,
        ),
    ),
    st.builds(
        lambda d: json.dumps(d).encode(),
        st.dictionaries(names, json_values, max_size=6),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
async def test_no_input_reaches_a_500(
    client: httpx.AsyncClient, demo_account: int, body: bytes
) -> None:
    """Whatever the body, the answer is a well-formed envelope with a 2xx or 4xx status."""
    response = await client.post("/centraloutboundwebhook-v1/prod/", content=body)
    assert response.status_code < 500, response.text
    answer = response.json()
    assert answer["status"] in {"SUCCESS", "FAILED"}
    assert answer["keys"][0] == {"name": "$flow.key.status", "value": answer["status"]}
    if answer["status"] == "FAILED":
        assert answer["error"]["code"]
        assert answer["error"]["message"]
