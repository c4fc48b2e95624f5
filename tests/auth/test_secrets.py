"""Credentials are compared in constant time: hmac.compare_digest or argon2, never `==`.

Timing comparisons in a test would be flaky and would prove little. The checks here are:
1. an audit of the source: no `==` / `!=` between credential values anywhere in flowhooks;
   the only comparisons of credential columns allowed are SQL lookups by SHA-256 digest
   (the database compares digests of what the caller sent, which leaks nothing usable);
2. each door, called over HTTP with a wrong credential, is seen to decide through
   hmac.compare_digest or argon2's verify with the credential the caller presented (a spy
   records the call and lets the real function answer). Console sessions and CSRF are in
   tests/http/console/test_access.py, dialer signatures and Exotel callbacks in
   tests/outbound/test_callback_auth.py.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Iterator
from pathlib import Path

import httpx

import flowhooks
from flowhooks.auth.secrets import hash_password, verify_password
from tests.conftest import ADMIN, AppFactory, client_for
from tests.webhook_calls import envelope

SRC = Path(flowhooks.__file__).parent
_CREDENTIAL = re.compile(
    r"(?i)(^|_)(password|passwd|secret|token|apikey|api_key|security_id|signature|csrf|"
    r"credential|digest|hash|mac)(_|$)"
)


def _value_name(node: ast.expr) -> str | None:
    """`token` for token, x.token, token[0] and token(…): what a compared value is called."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call | ast.Subscript):
        return _value_name(node.func if isinstance(node, ast.Call) else node.value)
    return None


def _digest_lookup(left: ast.expr, right: ast.expr) -> bool:
    """`CredentialRow.token_hash == token_digest(token)`: SQL, by digest."""
    if not (isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name)):
        return False
    column = left.value.id.endswith("Row") and left.attr.endswith("_hash")
    return column and re.search("digest|hash", _value_name(right) or "") is not None


def plain_credential_comparisons(source: str) -> Iterator[str]:
    """Every `==` / `!=` in `source` whose operands are credential values."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if not isinstance(op, ast.Eq | ast.NotEq):
                continue
            if isinstance(left, ast.Constant) or isinstance(right, ast.Constant):
                continue  # a kind or a name compared with a literal, not a secret value
            names = (_value_name(left) or "", _value_name(right) or "")
            if any(_CREDENTIAL.search(n) for n in names) and not _digest_lookup(left, right):
                yield f"line {node.lineno}: {ast.unparse(node)}"


def test_no_credential_is_compared_with_equals() -> None:
    """No module of flowhooks compares credentials with == or != (SQL digest lookups aside)."""
    found = [
        f"{path.relative_to(SRC)} {hit}"
        for path in sorted(SRC.rglob("*.py"))
        for hit in plain_credential_comparisons(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_secrets_are_compared_and_hashed_in_one_module() -> None:
    """hmac.compare_digest and argon2 appear in flowhooks/auth/secrets.py and nowhere else."""
    users = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"compare_digest|^\s*(from|import) argon2", path.read_text("utf-8"), re.M)
    )
    assert users == ["auth/secrets.py"]


def test_an_unknown_user_costs_one_verification_and_fails(
    argon2_verify_calls: list[tuple[str, str]],
) -> None:
    """No hash (or an empty one) is checked against the dummy hash and never matches."""
    assert verify_password(None, "flowhooks-no-such-user") is False
    assert verify_password("", "flowhooks-no-such-user") is False
    assert len(argon2_verify_calls) == 2
    assert verify_password(hash_password("right-password"), "right-password") is True
    assert verify_password("not-an-argon2-hash", "right-password") is False


def test_the_audit_finds_plain_comparisons() -> None:
    """The audit flags a plain comparison of tokens, hashes and signatures."""
    source = (
        "ok = token == expected_token\n"
        "bad = row.password_hash != given\n"
        "q = CredentialRow.token_hash == token\n"
        "sig = signature(body) == header\n"
        "fine = CredentialRow.token_hash == token_digest(token)\n"
        "kind = kind == 'security_id'\n"
    )
    assert [hit.split(":")[0] for hit in plain_credential_comparisons(source)] == [
        "line 1",
        "line 2",
        "line 3",
        "line 4",
    ]


async def test_the_admin_token_is_compared_in_constant_time(
    client: httpx.AsyncClient, compare_digest_calls: list[tuple[bytes, bytes]]
) -> None:
    """A wrong admin token is refused after hmac.compare_digest saw it; the right one passes."""
    wrong = {"Authorization": "Bearer guess-the-admin-token"}
    assert (await client.get("/api/v1/accounts", headers=wrong)).status_code == 401
    assert (b"test-admin-token", b"guess-the-admin-token") in compare_digest_calls
    assert (await client.get("/api/v1/accounts", headers=ADMIN)).status_code == 200


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


async def test_basic_auth_passwords_are_verified_by_argon2(
    app_factory: AppFactory,
    client: httpx.AsyncClient,
    demo_account: int,
    argon2_verify_calls: list[tuple[str, str]],
) -> None:
    """A wrong password and an unknown user each cost one argon2 verification, then 401."""
    await client.patch(
        "/api/v1/accounts/1",
        json={"basicUsername": "bank", "basicPassword": "basic-pass-right"},
        headers=ADMIN,
    )
    application = await app_factory(webhook_auth="basic")
    body = envelope("fetchUserPreferences", {"contactNumber": "1"})
    async with client_for(application) as c:
        wrong = await c.post("/webhook", json=body, headers=_basic("bank", "basic-pass-wrong"))
        unknown = await c.post("/webhook", json=body, headers=_basic("nobody", "basic-pass-x"))
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert [password for _hash, password in argon2_verify_calls] == [
        "basic-pass-wrong",
        "basic-pass-x",
    ]
    assert all(stored.startswith("$argon2") for stored, _ in argon2_verify_calls)
