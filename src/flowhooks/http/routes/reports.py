"""Pulled reports over HTTP: a report's state, and its file once built.

`GET /api/v1/reports/{reportID}` answers the state (QUEUED, BUILDING, DELIVERING,
RETRYING, DELIVERED, READY, FAILED), the row count, the destination and the last error;
`GET /api/v1/reports/{reportID}/file` streams the CSV or XLSX file. Behind the admin
token; report IDs are also unguessable.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from flowhooks.auth.api_tokens import require_admin
from flowhooks.errors import NotFound
from flowhooks.http.deps import runtime
from flowhooks.reports.job import file_exists
from flowhooks.reports.writers import ReportFormat
from flowhooks.store import reports as store

router = APIRouter(
    prefix="/api/v1/reports", tags=["reports"], dependencies=[Depends(require_admin)]
)


class ReportNotFound(NotFound):
    """No report has this ID."""

    code = "REPORT_NOT_FOUND"


async def _row(request: Request, report_id: str) -> store.ReportRow:
    async with runtime(request).db.read() as session:
        row = await store.get(session, report_id)
    if row is None:
        raise ReportNotFound(f"no report {report_id}")
    return row


@router.get("/{report_id}", summary="A report's state")
async def show_report(request: Request, report_id: str) -> dict[str, Any]:
    row = await _row(request, report_id)
    view = row.public_view()
    ready = row.file_path is not None and file_exists(row.file_path)
    view["fileURL"] = f"/api/v1/reports/{report_id}/file" if ready else None
    return view


@router.get("/{report_id}/file", summary="Download a report's file", response_model=None)
async def report_file(request: Request, report_id: str) -> FileResponse:
    row = await _row(request, report_id)
    if row.file_path is None or not file_exists(row.file_path):
        raise ReportNotFound(f"report {report_id} has no file yet (state {row.state})")
    fmt = ReportFormat(row.format)
    return FileResponse(
        row.file_path, media_type=fmt.media_type, filename=f"{report_id}.{fmt.value}"
    )
