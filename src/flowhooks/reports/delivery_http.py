"""Deliver a report by HTTP: a multipart POST of the file to the account's URL.

The form has the file under `file` and the fields `reportID`, `filename` and `rows`, so a
receiver (an S3 presigned form, a small upload endpoint, a CRM) can file it without
opening it. A connection failure, a timeout, a 5xx, 408 or 429 is retried with exponential
backoff; after the last try it is a retryable DeliveryError (the job tries again later). Any
other 4xx is a refusal: a non-retryable DeliveryError naming the status.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit

import httpx

from flowhooks.reports.delivery import DeliveryError, ReportFile
from flowhooks.reports.settings import ReportSettings

_RETRY_STATUSES = frozenset({408, 425, 429})


async def deliver_http(
    client: httpx.AsyncClient,
    settings: ReportSettings,
    report: ReportFile,
    *,
    backoff_seconds: float = 1.0,
) -> None:
    """POST the report file to `settings.http_url`, retrying while the destination is down."""
    if not settings.http_url:
        raise DeliveryError("no http_url is configured for reports", retryable=False)
    shown = shown_url(settings.http_url)
    headers = {"User-Agent": "flowhooks-reports"}
    if settings.http_token is not None:
        headers["Authorization"] = "Bearer " + settings.http_token.get_secret_value()
    last = "not tried"
    for attempt in range(settings.delivery_attempts):
        if attempt:
            await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            status = await _post_once(client, settings, report, headers)
        except httpx.TimeoutException:
            last = f"timed out after {settings.http_timeout_seconds:g} s"
            continue
        except httpx.TransportError as exc:
            last = f"could not connect: {exc.__class__.__name__}"
            continue
        if status < 300:
            return
        last = f"answered HTTP {status}"
        if status < 500 and status not in _RETRY_STATUSES:
            raise DeliveryError(f"{shown} refused the report: {last}", retryable=False)
    raise DeliveryError(f"{shown} {last} ({settings.delivery_attempts} tries)", retryable=True)


def shown_url(url: str) -> str:
    """The URL without its query or user info, for messages (presigned URLs carry secrets)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


async def _post_once(
    client: httpx.AsyncClient,
    settings: ReportSettings,
    report: ReportFile,
    headers: dict[str, str],
) -> int:
    assert settings.http_url is not None
    with report.path.open("rb") as handle:
        response = await client.post(
            settings.http_url,
            headers=headers,
            data={
                "reportID": report.report_id,
                "filename": report.filename,
                "rows": str(report.rows),
            },
            files={"file": (report.filename, handle, report.media_type)},
            timeout=settings.http_timeout_seconds,
        )
    return response.status_code
