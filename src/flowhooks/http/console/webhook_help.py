"""GET /webhook: what a person who opens the webhook URL in a browser needs to know.

Flows POST to /webhook (the front's door, http/front.py); a GET there used to fall through
to the short-link lookup and answer "Link not found". This page says what the URL is for,
shows the envelope, and links the catalogue, the console's test forms and the API docs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from flowhooks.catalogue import describe
from flowhooks.envelope import EXPECTED_BODY
from flowhooks.http.console import templating
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import runtime

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


@router.get("/webhook")
async def webhook_help(request: Request) -> Response:
    methods = [describe(m) for m in runtime(request).registry]
    return templating.render(
        request, "webhook.html", None, methods=methods, expected_body=EXPECTED_BODY
    )
