"""Chatbot links: the template filled in, append and reference modes, encoded parameters."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from flowhooks.redaction import is_secret
from flowhooks.shortlinks.bot_links import (
    BOT_UNIQUE_ID_LENGTH,
    build_bot_url,
    new_bot_unique_id,
    variable_param_name,
)
from flowhooks.shortlinks.codes import CODE_ALPHABET

TEMPLATE = "https://bot.example.com/chat?botid={botid}"


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def test_append_mode_adds_cli_id_and_variables() -> None:
    """Append mode adds cli, botUniqueID and every other flow variable as query parameters."""
    url = build_bot_url(
        TEMPLATE,
        botid="123",
        bot_unique_id="U1",
        mode="append",
        cli="+919181607000",
        variables=[("$flow.key.name", "Ravi Kumar & Co"), ("$flow.key.lang", "hi")],
    )
    assert url.startswith("https://bot.example.com/chat?")
    assert _query(url) == [
        ("botid", "123"),
        ("cli", "+919181607000"),
        ("botUniqueID", "U1"),
        ("name", "Ravi Kumar & Co"),
        ("lang", "hi"),
    ]
    assert " " not in url


def test_append_mode_never_puts_a_secret_in_the_url() -> None:
    """A secret-named variable sent along by the flow stays out of the public bot URL."""
    url = build_bot_url(
        TEMPLATE,
        botid="123",
        bot_unique_id="U1",
        mode="append",
        variables=[
            ("$flow.key.apiKey", "AIzaBOT-key-never-in-a-url"),
            ("$flow.key.securityID", "bot-security-id-never-in-a-url"),
            ("$flow.key.lang", "hi"),
        ],
    )
    assert _query(url) == [("botid", "123"), ("botUniqueID", "U1"), ("lang", "hi")]


def test_reference_mode_adds_only_the_unique_id() -> None:
    """Reference mode puts no phone number and no variable in the URL."""
    url = build_bot_url(
        TEMPLATE,
        botid="123",
        bot_unique_id="U1",
        mode="reference",
        cli="+919181607000",
        variables=[("$flow.key.name", "Ravi")],
    )
    assert _query(url) == [("botid", "123"), ("botUniqueID", "U1")]


def test_template_without_placeholder_gets_botid_as_parameter() -> None:
    """A template with no {botid} gets botid added as a query parameter."""
    url = build_bot_url(
        "https://bot.example.com/chat", botid="7", bot_unique_id="U", mode="reference"
    )
    assert _query(url) == [("botid", "7"), ("botUniqueID", "U")]


def test_placeholders_in_the_path_are_encoded() -> None:
    """{botid} and {botUniqueID} in the path are URL-encoded."""
    url = build_bot_url(
        "https://bot.example.com/b/{botid}/s/{botUniqueID}",
        botid="a/b c",
        bot_unique_id="U",
        mode="reference",
    )
    assert urlsplit(url).path == "/b/a%2Fb%20c/s/U"


def test_existing_query_and_fragment_are_kept() -> None:
    """The template's own query parameters and fragment survive; ours replace same names."""
    url = build_bot_url(
        "https://bot.example.com/chat?botid={botid}&theme=dark&lang=en#start",
        botid="1",
        bot_unique_id="U",
        mode="append",
        variables=[("$flow.key.lang", "hi"), ("$flow.key.empty", None)],
    )
    assert _query(url) == [("botid", "1"), ("theme", "dark"), ("botUniqueID", "U"), ("lang", "hi")]
    assert urlsplit(url).fragment == "start"


def test_a_variable_cannot_override_the_unique_id() -> None:
    """A flow variable named botUniqueID or cli never replaces the real one."""
    url = build_bot_url(
        TEMPLATE,
        botid="1",
        bot_unique_id="REAL",
        mode="append",
        cli="+91",
        variables=[("$flow.key.botUniqueID", "FAKE"), ("$flow.key.cli", "other")],
    )
    assert dict(_query(url))["botUniqueID"] == "REAL"
    assert dict(_query(url))["cli"] == "+91"


def test_variable_param_name_is_the_last_segment() -> None:
    """A flow variable's parameter name is its last segment; a bare name stays as it is."""
    assert variable_param_name("$flow.key.customerName") == "customerName"
    assert variable_param_name("plain") == "plain"


def test_bot_unique_ids_are_random_and_readable() -> None:
    """A botUniqueID is 20 look-alike-free characters and never repeats."""
    ids = {new_bot_unique_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == BOT_UNIQUE_ID_LENGTH and set(i) <= set(CODE_ALPHABET) for i in ids)


@given(
    st.lists(
        st.tuples(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}", fullmatch=True), st.text()),
        max_size=5,
    )
)
def test_any_variable_value_round_trips_through_the_url(pairs: list[tuple[str, str]]) -> None:
    """Every appended value decodes back to exactly what the flow sent."""
    variables = [(f"$flow.key.{name}", value) for name, value in pairs]
    url = build_bot_url(TEMPLATE, botid="1", bot_unique_id="U", mode="append", variables=variables)
    decoded = dict(_query(url))
    expected: dict[str, str] = {}
    for name, value in pairs:
        if name not in {"botid", "cli", "botUniqueID"} and not is_secret(name):
            expected.setdefault(name, value)
    for name, value in expected.items():
        assert decoded[name] == value
    assert not any(c.isspace() for c in url)
