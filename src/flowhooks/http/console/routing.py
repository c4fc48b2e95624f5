"""The route class of every console page: browsers get redirects and HTML, never JSON.

`LoginRequired` becomes a redirect to the login page (keeping where the user was going),
and any FlowhooksError (CsrfRefused included) an HTML error page, so the API's JSON error
handlers never answer a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from flowhooks.auth.console import LOGIN_PATH, LoginRequired
from flowhooks.errors import FlowhooksError
from flowhooks.http.console import templating


class ConsoleRoute(APIRoute):
    """Answers browsers with redirects and HTML pages instead of JSON errors."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                target = request.url.path
                if request.method == "GET" and request.url.query:
                    target += "?" + request.url.query
                return RedirectResponse(f"{LOGIN_PATH}?next={quote(target)}", status_code=303)
            except FlowhooksError as exc:
                return error_page(request, exc)

        return console_handler


def error_page(request: Request, exc: FlowhooksError) -> Response:
    context: dict[str, Any] = {"code": exc.code, "message": exc.message}
    return templating.render(request, "error.html", None, status_code=exc.status_code, **context)
