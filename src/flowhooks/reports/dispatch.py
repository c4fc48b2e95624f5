"""Send a finished report to the destination chosen in the account's report settings."""

from __future__ import annotations

import httpx

from flowhooks.reports.delivery import ReportFile
from flowhooks.reports.delivery_http import deliver_http, shown_url
from flowhooks.reports.delivery_smtp import deliver_email
from flowhooks.reports.settings import ReportSettings


async def deliver(
    settings: ReportSettings,
    report: ReportFile,
    client: httpx.AsyncClient,
    *,
    backoff_seconds: float = 1.0,
) -> str:
    """Deliver the report (or keep it only for download); return where it went."""
    if settings.destination == "http":
        await deliver_http(client, settings, report, backoff_seconds=backoff_seconds)
        return f"POST {shown_url(settings.http_url or '')}"
    if settings.destination == "email":
        await deliver_email(settings, report, backoff_seconds=backoff_seconds)
        return "e-mail to " + ", ".join(settings.email_to)
    return "kept for download"
