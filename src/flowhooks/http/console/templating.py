"""Rendering console pages: one Jinja2 environment over flowhooks/http/console/templates.

Autoescaping is on for every template; pages carry no script and a strict
Content-Security-Policy, and are never cached (they show tokens and customer data).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from flowhooks.http.console import assets
from flowhooks.http.console.nav import NAV, active

if TYPE_CHECKING:
    from flowhooks.auth.console import ConsoleUser

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("flowhooks.http.console", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["nav"] = NAV
    env.globals["static_url"] = assets.url
    return env


def render(
    request: Request,
    template: str,
    user: ConsoleUser | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = (
        environment()
        .get_template(template)
        .render(
            request=request,
            user=user,
            active=active(request.url.path),
            **context,
        )
    )
    return HTMLResponse(page, status_code=status_code, headers=SECURITY_HEADERS)
