"""The bench's pure parts: wrk scripts and their parsing, case selection, the table."""

from __future__ import annotations

import json

import pytest
from bench.cases import BASELINE, CASE_SETS, all_case_names
from bench.loadgen import RESULT_MARK, lua_string, parse_wrk_output, wrk_script
from bench.report import Row, format_table
from bench.runner import method_names, selected_sets
from hypothesis import given
from hypothesis import strategies as st

FETCH = next(c for s in CASE_SETS for c in s.cases if c.name == "fetchUserPreferences")


@given(st.text())
def test_lua_long_string_never_closes_early(text: str) -> None:
    """A Lua long-bracket literal of any text contains no closing bracket of its own level."""
    literal = lua_string(text)
    level = literal.index("[", 1) - 1
    closing = "]" + "=" * level + "]"
    assert literal.endswith(closing)
    assert closing not in text
    assert literal[level + 2 : -(level + 2)] == text


def test_script_posts_the_case_body_as_json() -> None:
    """A POST case's script sets the method, the JSON body and its content type."""
    script = wrk_script(FETCH)
    assert 'wrk.method = "POST"' in script
    assert json.dumps(FETCH.body, separators=(",", ":"), ensure_ascii=False) in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script
    assert "function delay()" not in script


def test_paced_script_spreads_the_rate_over_threads() -> None:
    """A paced script gives each wrk thread its share of the rate as a fixed interval."""
    script = wrk_script(FETCH, rate=500.0, threads=2)
    assert "function delay()" in script
    assert "local interval_ms = 4.000000" in script


def test_paced_script_refuses_a_rate_of_zero() -> None:
    """Pacing at zero requests per second is refused."""
    with pytest.raises(ValueError, match="positive rate"):
        wrk_script(FETCH, rate=0.0)


def test_result_line_is_read_back_in_milliseconds() -> None:
    """The done() line gives requests/s, percentiles in ms and every kind of error."""
    raw = {
        "requests": 5000, "duration_us": 10_000_000, "p50_us": 1500, "p90_us": 2500,
        "p99_us": 9000, "max_us": 20000, "connect": 0, "read": 1, "write": 0,
        "timeout": 2, "status": 4,
    }  # fmt: skip
    stdout = "Running 10s test\n" + RESULT_MARK + json.dumps(raw) + "\nRequests/sec: 500\n"
    result = parse_wrk_output(stdout)
    assert result.rps == 500.0
    assert (result.p50_ms, result.p99_ms) == (1.5, 9.0)
    assert (result.socket_errors, result.non_2xx_3xx, result.errors) == (3, 4, 7)


def test_missing_result_line_is_an_error() -> None:
    """wrk output without our result line fails loudly instead of reading zeros."""
    with pytest.raises(RuntimeError, match="no result line"):
        parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_baseline_is_always_selected() -> None:
    """Selecting only flowhooks cases still measures the baseline first."""
    chosen = selected_sets(["dateCompare"])
    names = [case.name for _, cases in chosen for case in cases]
    assert names == [BASELINE, "dateCompare"]


def test_unknown_case_names_are_refused() -> None:
    """A misspelt case name stops the run and lists the known ones."""
    with pytest.raises(SystemExit, match="unknown case"):
        selected_sets(["fetchUserPreference"])


def test_case_names_are_unique() -> None:
    """Every case name appears once, so results can be compared by name between runs."""
    names = all_case_names()
    assert len(names) == len(set(names))


def test_method_catalogue_gives_names_and_aliases() -> None:
    """Names and aliases of GET /webhook/methods are what the server serves."""
    document = {
        "methods": [
            {"name": "fetchUserPreferences", "aliases": [], "inputs": [{"name": "$x"}]},
            {"name": "ValidateDateAndTime", "aliases": ["validateDate"]},
        ]
    }
    assert method_names(document) == {
        "fetchUserPreferences", "ValidateDateAndTime", "validateDate",
    }  # fmt: skip


def test_table_shows_skips_and_missing_figures() -> None:
    """A skipped case has dashes for figures and its reason after the row."""
    rows = [
        Row("uvicorn", 1, "-", "bare-fastapi", BASELINE, rps=2000.0, ratio=1.0),
        Row("uvicorn", 1, "sqlite", "flowhooks", "x", note="skipped: not listed"),
    ]
    table = format_table(rows).splitlines()
    assert table[2].split()[:5] == ["uvicorn", "1", "-", BASELINE, "2000"]
    assert table[3].endswith("(skipped: not listed)")


def test_counter_case_builds_a_new_body_per_request() -> None:
    """createOutbound's body carries the counter: the script formats each request itself."""
    from bench.cases import COUNTER

    create = next(c for s in CASE_SETS for c in s.cases if c.name == "createOutbound")
    script = wrk_script(create)
    assert COUNTER in json.dumps(create.body)
    assert "function request()" in script
    assert "TEMPLATE = [" in script
    assert "wrk.body =" not in script
    assert "function request()" not in wrk_script(FETCH)
