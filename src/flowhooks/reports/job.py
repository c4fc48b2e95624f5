"""The `report.build` job: build a pulled report's file, then deliver it.

Runs in the background job queue, so the Pullreport webhook answers at once. The file is
written to `<data_dir>/reports/<id>.<format>` through a temporary name and renamed when
complete, so a retry after a crash rebuilds it and a finished file is never rebuilt. The
report's row says where it is: QUEUED → BUILDING → DELIVERING → DELIVERED (or READY when
the account has no destination). A destination that is down makes it RETRYING, with the
error and the number of attempts, and the job is retried with backoff; after the last
attempt, or on a permanent refusal, it is FAILED and the file stays downloadable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flowhooks.errors import UpstreamError
from flowhooks.reports.delivery import DeliveryError, ReportFile
from flowhooks.reports.dispatch import deliver
from flowhooks.reports.request import ReportRequest
from flowhooks.reports.writers import ReportFormat, attempt_cells, write_report
from flowhooks.store import reports as store
from flowhooks.store.database import Database

if TYPE_CHECKING:
    from flowhooks.jobs.handlers import JobContext

KIND = "report.build"
MAX_ATTEMPTS = 6


class ReportDeliveryRetry(UpstreamError):
    """The report's destination is unreachable; the job will try again."""


def report_path(data_dir: str, report_id: str, fmt: ReportFormat) -> Path:
    return Path(data_dir) / "reports" / f"{report_id}.{fmt.value}"


def file_exists(path: str) -> bool:
    """Whether a built report file is on disk (a cheap stat)."""
    return Path(path).is_file()


async def _build(
    db: Database, account_id: int, request: ReportRequest, path: Path, zone: ZoneInfo
) -> int:
    """Write the file under a temporary name and rename it when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    rows = store.attempt_rows(db, account_id, request)
    count = await write_report(partial, request.format, attempt_cells(rows), zone)
    os.replace(partial, path)
    return count


async def build_report(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Build (once) and deliver the report named in the payload."""
    rt = ctx.runtime
    report_id = str(payload["report_id"])
    async with rt.db.read() as session:
        row = await store.get(session, report_id)
        if row is None or row.state in store.FINAL_STATES:
            return
        account_id, request_json = row.account_id, dict(row.request)
        built_rows, file_path = row.rows, row.file_path
    account = await rt.account(account_id)
    if account is None:
        await store.update(rt.db, report_id, state="FAILED", error="the account no longer exists")
        return
    request = ReportRequest.from_json(request_json)
    fmt = request.format
    path = report_path(rt.settings.data_dir, report_id, fmt)
    if built_rows is None or file_path is None or not file_exists(file_path):
        await store.update(rt.db, report_id, state="BUILDING", attempts=ctx.attempt)
        try:
            built_rows = await _build(rt.db, account_id, request, path, account.timezone)
        except Exception as exc:
            # The worker retries (or gives up on) the job; the report must say which.
            final = ctx.attempt >= MAX_ATTEMPTS
            await store.update(
                rt.db,
                report_id,
                state="FAILED" if final else "RETRYING",
                error=f"building the file failed: {type(exc).__name__}: {exc}"[:2000],
            )
            raise
        await store.update(rt.db, report_id, rows=built_rows, file_path=str(path))
    settings = account.settings.reports
    if settings.destination == "none":
        await store.update(
            rt.db, report_id, state="READY", destination="kept for download", error=None
        )
        return
    await store.update(rt.db, report_id, state="DELIVERING", attempts=ctx.attempt)
    report = ReportFile(report_id, path, path.name, fmt.media_type, built_rows)
    backoff = rt.settings.report_delivery_backoff_seconds
    try:
        where = await deliver(settings, report, rt.http, backoff_seconds=backoff)
    except DeliveryError as exc:
        if exc.retryable and ctx.attempt < MAX_ATTEMPTS:
            await store.update(rt.db, report_id, state="RETRYING", error=exc.message)
            ctx.log.warning("report_delivery_retrying", report_id=report_id, error=exc.message)
            raise ReportDeliveryRetry(exc.message) from exc
        await store.update(rt.db, report_id, state="FAILED", error=exc.message)
        ctx.log.error("report_delivery_failed", report_id=report_id, error=exc.message)
        return
    await store.update(rt.db, report_id, state="DELIVERED", destination=where, error=None)
    ctx.log.info("report_delivered", report_id=report_id, rows=built_rows, destination=where)
