"""The test form's fields, envelope and curl command, generated from the declaration."""

from __future__ import annotations

import json
import shlex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.http.console import tryout
from flowhooks.methods import REGISTRY
from tests.webhook_calls import envelope


def _method(name: str):
    method = REGISTRY.find(name)
    assert method is not None
    return method


def test_every_method_gets_a_field_per_input() -> None:
    """Each registered method's form has exactly its declared inputs, in order."""
    for method in REGISTRY:
        fields = tryout.form_fields(method, None)
        assert [f.full_name for f in fields] == [p.full_name for p in method.inputs]


def test_required_fields_are_prefilled_and_account_follows_the_switcher() -> None:
    """Fields the first example sends take its value; accountID takes the selected account."""
    fields = {f.full_name: f for f in tryout.form_fields(_method("fetchUserPreferences"), 7)}
    assert fields["$user.syskey.contactNumber"].value == "09979746666"
    assert fields["$flow.key.cli"].value == ""
    assert fields["$flow.key.cli"].placeholder == "919979746666"
    assert fields["$user.syskey.accountID"].value == "7"
    assert fields["$user.syskey.accountID"].required == "optional"  # Basic auth may name it


def test_optional_examples_are_placeholders_not_values() -> None:
    """An optional input shows its example as a placeholder and is not sent unless typed."""
    method = _method("ValidateDateAndTime")
    fields = {f.label: f for f in tryout.form_fields(method, None)}
    assert fields["inputDate"].value == "4 November 2019"
    assert fields["referenceTime"].value == ""
    assert fields["referenceTime"].placeholder == "2019-11-04T10:00:00+05:30"
    body = tryout.envelope(method, {f.full_name: f.value for f in fields.values()}, [])
    assert all(not k["name"].endswith("referenceTime") for k in body["keys"])


def test_choice_inputs_offer_their_values() -> None:
    """A Choice input lists its allowed values, a Boolean true and false; text has none."""
    fields = {f.label: f for f in tryout.form_fields(_method("ValidateDateAndTime"), None)}
    assert fields["type"].choices == ("Appointment", "Callback")
    assert fields["inputDate"].choices == ()
    booleans = [
        f for m in REGISTRY for f in tryout.form_fields(m, None) if f.format == "true or false"
    ]
    assert all(f.choices == ("true", "false") for f in booleans)


def test_a_stored_call_refills_the_form() -> None:
    """Declared inputs go back to their fields, others to the extras; redacted ones are blank."""
    method = _method("updateUserPreferences")
    values, extras = tryout.values_from_inputs(
        method,
        [
            {"name": "$user.syskey.contactNumber", "value": "+919812345678"},
            {"name": "$user.key.lang", "value": "Hindi"},
            {"name": "$user.key.gone", "value": None},
            {"name": "$user.key.pin", "value": "***"},
        ],
    )
    assert values == {"$user.syskey.contactNumber": "+919812345678"}
    assert extras.splitlines() == ["$user.key.lang=Hindi", "$user.key.gone", "$user.key.pin="]
    assert tryout.values_from_inputs(method, {"unparsed_bytes": 16}) == ({}, "")


def test_undeclared_example_variables_become_the_extras() -> None:
    """The example's $user.key variables are offered as extra lines."""
    extras = tryout.default_extras(_method("updateUserPreferences"))
    assert extras.splitlines() == [
        "$user.key.preferredLanguage=Hindi",
        "$user.key.lastIntent=request_callback",
    ]


def test_extras_parse_values_empty_and_null() -> None:
    """`a=1` is "1", `b=` is "", `c` alone is null; blank lines are skipped."""
    assert tryout.parse_extras("a=1\n\nb=\nc\n d = x=y ") == [
        ("a", "1"),
        ("b", ""),
        ("c", None),
        ("d", " x=y"),
    ]
    with pytest.raises(ValueError, match="line 2"):
        tryout.parse_extras("ok=1\nbad name=2")


def test_envelope_leaves_out_blank_fields() -> None:
    """Blank declared fields are not sent; extras follow the declared inputs."""
    body = tryout.envelope(
        _method("fetchUserPreferences"),
        {"$user.syskey.contactNumber": "9812345678", "$flow.key.cli": "  "},
        [("x", None)],
    )
    assert body == {
        "method": "fetchUserPreferences",
        "keys": [
            {"name": "$user.syskey.contactNumber", "value": "9812345678"},
            {"name": "x", "value": None},
        ],
    }


@given(st.dictionaries(st.text(min_size=1), st.one_of(st.none(), st.text()), max_size=5))
def test_curl_command_sends_exactly_the_body(values: dict[str, str | None]) -> None:
    """Split as a shell would, the curl command carries the very same JSON body."""
    body = envelope("m", values)
    words = shlex.split(tryout.curl_command("http://h/webhook", body, "flows"))
    assert words[:5] == ["curl", "-sS", "-X", "POST", "http://h/webhook"]
    assert json.loads(words[words.index("--data-raw") + 1]) == body
    assert words[words.index("-u") + 1] == "flows:PASSWORD"
