"""The one registry of secret values the test suite uses, for the whole-suite secret scan.

Most values are found by reading the test sources (`harvest`): a string literal is a secret
when it is given to a secret-named thing — a constant (`DIALER_SECRET = "…"`), a keyword
argument (`api_key="…"`), a dict entry (`"custToken": "…"`, `"Authorization": "Bearer …"`),
a `{"name": "$flow.key.apiKey", "value": "…"}` or `("$flow.key.apiKey", "…")` variable, or
a `--cust-token …` CLI argument.
A name is secret-named when redaction.py calls it secret, or when it ends in password,
token, secret, API key, security ID or signature (`basicPassword`, `CALL_KEY`, not
`token_hash`). So a new test's secret is registered
without anyone remembering to. `FIXED` adds the values no literal shows (the demo data's
credentials, built in src/); `register()` adds values a test only learns at run time (a
generated token, a session cookie).

The demo custToken `abcd1234` counts as a secret: it is the credential of the short-link
API and of the chatbot webhook, and redaction.py hides `custToken` / `token` by name, so it
must never be logged or stored either. Values under MIN_LENGTH characters, or made of one
repeated character, are left out: they cannot be told apart from ordinary text ("k",
"x" * 64 is also padding). An Exotel account SID is an account name that appears in every
Exotel API URL, not a credential; its API key and token are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from flowhooks.accounts import demo
from flowhooks.redaction import is_secret

TESTS_DIR = Path(__file__).resolve().parent
MIN_LENGTH = 6

# A name (variable, keyword, dict key, CLI flag) whose value is a credential.
_SECRET_WORDS = re.compile(
    r"(?i)(password|passwd|secret|secret[-_]?key|token|api[-_]?key|security[-_]?id|signature)$"
)
_KEY_CONSTANT = re.compile(r"^[A-Z0-9_]*KEY$")  # KEY, CALL_KEY: an API key by convention
_AUTH_SCHEMES = ("Bearer ", "Basic ")

# Values no test literal shows, with where they come from.
FIXED: dict[str, str] = {
    demo.DEMO_CUST_TOKEN: "flowhooks.accounts.demo.DEMO_CUST_TOKEN (the demo custToken)",
    demo.DEMO_SECURITY_ID: "flowhooks.accounts.demo.DEMO_SECURITY_ID",
}


def secret_named(name: str) -> bool:
    """Whether a variable, keyword, dict key or CLI flag called `name` holds a secret."""
    bare = name.rsplit(".", 1)[-1].lstrip("-")
    return is_secret(bare) or bool(_SECRET_WORDS.search(bare) or _KEY_CONSTANT.match(bare))


def worth_registering(value: str) -> bool:
    """Long enough, and not one repeated character, to be found without false alarms."""
    return len(value) >= MIN_LENGTH and len(set(value)) > 1 and "\n" not in value


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _credential(value: str) -> str:
    """`Bearer abc` -> `abc`: the credential of an Authorization header value."""
    for scheme in _AUTH_SCHEMES:
        if value.startswith(scheme):
            return value[len(scheme) :]
    return value


def _target_names(node: ast.Assign | ast.AnnAssign) -> Iterator[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Name):
            yield target.id
        elif isinstance(target, ast.Attribute):
            yield target.attr


def _parameters(tree: ast.AST) -> dict[str, list[str]]:
    """{function name: its positional parameter names} of the functions a module defines."""
    return {
        node.name: [a.arg for a in node.args.posonlyargs + node.args.args]
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _flag_values(elements: list[ast.expr]) -> Iterator[tuple[str, int]]:
    """The value after a secret-named `--flag` in a list of CLI arguments."""
    texts = [_text(e) for e in elements]
    for flag, value, element in zip(texts, texts[1:], elements[1:], strict=False):
        if flag and value and flag.startswith("--") and secret_named(flag):
            yield value, element.lineno


def _pair_value(node: ast.List | ast.Tuple) -> Iterator[tuple[str, int]]:
    """The value of a `("$flow.key.apiKey", "…")` (name, value) pair."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        name, value = _text(node.elts[0]), _text(node.elts[1])
        if name and value and name.startswith("$") and secret_named(name):
            yield value, node.lineno


def _call_literals(node: ast.Call, parameters: dict[str, list[str]]) -> Iterator[tuple[str, int]]:
    yield from _flag_values(node.args)
    names = parameters.get(node.func.id, []) if isinstance(node.func, ast.Name) else []
    for name, arg in zip(names, node.args, strict=False):
        value = _text(arg)
        if value is not None and secret_named(name):
            yield value, arg.lineno


def literals_of(source: str) -> Iterator[tuple[str, int]]:
    """(value, line) of every string literal given to a secret-named thing in `source`."""
    tree = ast.parse(source)
    parameters = _parameters(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            value = _text(node.value)
            if value is not None and any(secret_named(n) for n in _target_names(node)):
                yield value, node.lineno
        elif isinstance(node, ast.keyword):
            value = _text(node.value)
            if value is not None and node.arg is not None and secret_named(node.arg):
                yield value, node.value.lineno
        elif isinstance(node, ast.Dict):
            yield from _dict_literals(node)
        elif isinstance(node, ast.List | ast.Tuple):
            yield from _flag_values(node.elts)
            yield from _pair_value(node)
        elif isinstance(node, ast.Call):
            yield from _call_literals(node, parameters)


def _dict_literals(node: ast.Dict) -> Iterator[tuple[str, int]]:
    entries = {_text(k): v for k, v in zip(node.keys, node.values, strict=True) if _text(k)}
    for key, value_node in entries.items():
        value = _text(value_node)
        if key is None or value is None:
            continue
        if key.lower() == "authorization":
            yield _credential(value), value_node.lineno
        elif secret_named(key):
            yield value, value_node.lineno
    name, value = _text(entries.get("name")), _text(entries.get("value"))
    if name and value and secret_named(name):
        yield value, node.lineno


def harvest(files: Iterable[Path]) -> dict[str, str]:
    """{secret value: "file:line" where a test first uses it} over the given sources."""
    found: dict[str, str] = {}
    for path in sorted(files):
        where = path.relative_to(TESTS_DIR.parent) if path.is_relative_to(TESTS_DIR) else path
        for value, line in literals_of(path.read_text(encoding="utf-8")):
            if worth_registering(value):
                found.setdefault(value, f"{where}:{line}")
    return found


def suite_secrets() -> dict[str, str]:
    """Every secret the test suite's sources use, with where each comes from."""
    registry = harvest(TESTS_DIR.rglob("*.py"))
    registry.update(FIXED)
    return registry
