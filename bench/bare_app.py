"""The baseline: a bare FastAPI app on the same stack as flowhooks.

Every benchmark figure is a ratio to this app served by the same ASGI server with the
same number of processes in the same run, so the ratio shows what flowhooks itself costs
(envelope, registry, database, logging) and not what the framework or machine costs.
"""

from typing import Any

from fastapi import FastAPI, Request

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/bare")
async def bare_get() -> dict[str, str]:
    """Answer a small JSON object without reading anything."""
    return {"status": "ok"}


@app.post("/bare")
async def bare_post(request: Request) -> dict[str, Any]:
    """Parse the JSON body (as a webhook would) and answer a small JSON object."""
    body = await request.json()
    return {"status": "ok", "method": body.get("method") if isinstance(body, dict) else None}
