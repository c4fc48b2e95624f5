"""/docs is served from the service: Swagger UI's files come from the app, not a CDN."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.conftest import client_for

ANY_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")
ASSET = re.compile(r"""(?:src|href)=["']?([^"'\s>]+)""")


async def test_the_docs_page_names_no_url_outside_the_service(app: FastAPI) -> None:
    """/docs's HTML has no http(s) or protocol-relative URL; its script and styles are local."""
    async with client_for(app) as client:
        page = await client.get("/docs")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert ANY_URL.findall(page.text) == []
        linked = ASSET.findall(page.text)
        assert "/docs/assets/swagger-ui-bundle.js" in linked
        assert "/docs/assets/swagger-ui.css" in linked
        assert "'/openapi.json'" in page.text or '"/openapi.json"' in page.text
        for url in linked:
            answer = await client.get(url)
            assert answer.status_code == 200, url
            assert answer.content, url


async def test_the_swagger_files_have_their_types_and_other_names_are_404(app: FastAPI) -> None:
    """The script is JavaScript, the stylesheet CSS; any other name under /docs/assets is a 404
    naming the files there are."""
    async with client_for(app) as client:
        script = await client.get("/docs/assets/swagger-ui-bundle.js")
        styles = await client.get("/docs/assets/swagger-ui.css")
        missing = await client.get("/docs/assets/redoc.standalone.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert styles.headers["content-type"].startswith("text/css")
    assert missing.status_code == 404
    assert "swagger-ui.css" in missing.json()["error"]["message"]
    assert "/docs" not in str(app.openapi()["paths"])
