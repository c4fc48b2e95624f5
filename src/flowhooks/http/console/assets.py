"""The console's static files, served at URLs that carry a hash of their content.

A page links `/admin/static/console.css?v=<hash>`; the file never changes under that URL,
so it is cached for a year (`immutable`), and an upgrade that changes the file changes the
URL, so no browser keeps stale styles. A request without the current hash is still
answered, but cached for a minute only. `/favicon.ico` is the same icon at the place
browsers ask for it (the front would otherwise treat the one-segment path as a short link).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request, Response

from flowhooks.errors import NotFound

router = APIRouter(include_in_schema=False)

STATIC_NAME = re.compile(r"^[a-z0-9_-]+\.(css|svg|ico)$")
MEDIA_TYPES = {
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    "ico": "image/vnd.microsoft.icon",
}
FOR_A_YEAR = "public, max-age=31536000, immutable"
FOR_A_MINUTE = "public, max-age=60"


@lru_cache(maxsize=16)
def _content(name: str) -> bytes | None:
    if not STATIC_NAME.match(name):
        return None
    file = resources.files("flowhooks.http.console").joinpath("static", name)
    return file.read_bytes() if file.is_file() else None


@lru_cache(maxsize=16)
def version(name: str) -> str:
    """The first 12 hex digits of the file's SHA-256."""
    content = _content(name)
    if content is None:
        raise NotFound(f"No static file {name!r}")
    return hashlib.sha256(content).hexdigest()[:12]


def url(name: str) -> str:
    """The versioned URL templates link to."""
    return f"/admin/static/{name}?v={version(name)}"


def _file(name: str, cache_control: str) -> Response:
    content = _content(name)
    if content is None:
        raise NotFound(f"No static file {name!r}")
    return Response(
        content,
        media_type=MEDIA_TYPES[name.rsplit(".", 1)[1]],
        headers={"Cache-Control": cache_control, "X-Content-Type-Options": "nosniff"},
    )


@router.get("/admin/static/{name}")
async def static(request: Request, name: str) -> Response:
    """A static file (public: the login page needs it too)."""
    current = _content(name) is not None and request.query_params.get("v") == version(name)
    return _file(name, FOR_A_YEAR if current else FOR_A_MINUTE)


@router.get("/favicon.ico")
async def favicon() -> Response:
    return _file("favicon.ico", "public, max-age=86400")
