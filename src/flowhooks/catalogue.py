"""The catalogue and docs/methods.md, generated from the registry (never hand-copied).

`python -m flowhooks.catalogue` rewrites docs/methods.md; a test fails when it is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from flowhooks import errors
from flowhooks.registry import AccountRule, Method, Param, Registry

ACCOUNT_REQUIRED = (
    "unless Basic credentials, the Host's account (webhooks.domains) or "
    "FLOWHOOKS_DEFAULT_ACCOUNT_ID name the account"
)


def describe_param(param: Param, account: AccountRule = AccountRule.OPTIONAL) -> dict[str, Any]:
    """One input as the catalogue shows it; the account variable of a method that refuses
    without an account is required unless the account is named another way."""
    required: bool | str = param.required
    if param.required_when:
        required = f"when {param.required_when[0]} is {param.required_when[1]}"
    if account is AccountRule.REQUIRED and param.name.lower() == "accountid":
        required = ACCOUNT_REQUIRED
    return {
        "name": param.full_name,
        "required": required,
        "format": param.expected,
        "example": param.example,
        "default": param.default,
        "description": param.description,
        "secret": param.secret,
    }


def describe(method: Method) -> dict[str, Any]:
    return {
        "name": method.name,
        "aliases": list(method.aliases),
        "service": method.service,
        "paths": ["/webhook", f"/webhook/{method.name}", f"/{method.service}/{{env}}/"],
        "status": method.status,
        "summary": method.summary,
        "description": method.description,
        "account": method.account.value,
        "extras": method.extras,
        "inputs": [describe_param(p, method.account) for p in method.inputs],
        "outputs": [
            {"name": o.full_name, "example": o.example, "description": o.description}
            for o in method.outputs
        ],
        "dynamicOutputs": method.dynamic_outputs or None,
        "examples": [
            {"method": method.name, "keys": [{"name": k, "value": v} for k, v in e.keys.items()]}
            for e in method.examples
        ],
    }


def catalogue(registry: Registry) -> dict[str, Any]:
    return {"methods": [describe(m) for m in registry]}


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def error_classes() -> list[type[errors.FlowhooksError]]:
    """The errors of flowhooks.errors, in the order the module declares them."""
    return [
        value
        for value in vars(errors).values()
        if isinstance(value, type)
        and issubclass(value, errors.FlowhooksError)
        and value.__module__ == errors.__name__
    ]


def render_error_codes() -> list[str]:
    """The table of `errorCode` values a webhook answer may carry."""
    lines = [
        "## Error codes",
        "",
        "A FAILED answer carries one of these in `error.code` and `$flow.key.errorCode`, with",
        "the HTTP status beside it. Retry only what says so; an error with Retry-After says how",
        "many seconds to wait. Methods add their own codes (their descriptions above name them).",
        "",
        "| errorCode | HTTP | Retry | Meaning |",
        "|---|---|---|---|",
    ]
    for error in error_classes():
        if error.retry_after is not None:
            retry = "yes, after Retry-After"
        else:
            retry = "yes" if error.retryable else "no"
        meaning = (error.__doc__ or "").strip().splitlines()[0]
        lines.append(f"| `{error.code}` | {error.status_code} | {retry} | {_cell(meaning)} |")
    lines.append("")
    return lines


def render_markdown(registry: Registry) -> str:
    lines = [
        "# Webhook methods",
        "",
        "Generated from the registry by `python -m flowhooks.catalogue`; do not edit by hand.",
        "Every method can be posted to `POST /webhook`, `POST /webhook/{method}` or its legacy",
        "path `/{service}/{prod|test}/`. Names match by full name or bare last segment,",
        "case-insensitively. Every answer also carries `$flow.key.status` (SUCCESS|FAILED) and,",
        "on failure, `$flow.key.errorCode` and `$flow.key.errorMessage`.",
        "",
    ]
    for method in registry:
        d = describe(method)
        lines += [f"## {method.name}", "", f"{method.summary}", ""]
        if method.description:
            lines += [method.description, ""]
        lines += [
            f"- Service path: `/{method.service}/{{prod|test}}/`",
            f"- Status: {method.status}",
            f"- Account: {method.account.value}",
        ]
        if method.aliases:
            lines.append(f"- Aliases: {', '.join(method.aliases)}")
        if method.extras:
            lines.append(f"- Undeclared `{method.extras}.*` variables are passed to the method.")
        lines += ["", "Request:", "", "| Variable | Required | Format | Example | Description |"]
        lines.append("|---|---|---|---|---|")
        for p in d["inputs"]:
            required = (
                "yes" if p["required"] is True else ("no" if not p["required"] else p["required"])
            )
            lines.append(
                f"| `{p['name']}` | {_cell(required)} | {_cell(p['format'])} | "
                f"{_cell(p['example'])} | {_cell(p['description'])} |"
            )
        lines += ["", "Response:", "", "| Variable | Example | Description |", "|---|---|---|"]
        for o in d["outputs"]:
            lines.append(f"| `{o['name']}` | {_cell(o['example'])} | {_cell(o['description'])} |")
        if method.dynamic_outputs:
            lines += ["", method.dynamic_outputs]
        for example in d["examples"]:
            lines += ["", "Example:", "", "```json", json.dumps(example, ensure_ascii=False), "```"]
        lines.append("")
    lines += render_error_codes()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from flowhooks.methods import REGISTRY

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("docs/methods.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_markdown(REGISTRY), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
