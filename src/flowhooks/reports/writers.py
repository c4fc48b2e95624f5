"""Stream report rows from an async iterator to a CSV or XLSX file on disk.

A report can hold 100,000 rows; neither writer keeps them in memory. CSV rows go straight
to the file; XLSX uses xlsxwriter's `constant_memory` mode, which flushes each row to a
temporary file as soon as the next one starts. Cells are written by type (never through
xlsxwriter's guessing `write()`), so a value such as `=cmd` stays text and is never turned
into a formula. Times are shown in the account's zone: ISO 8601 with offset in CSV, a
date-time cell (local wall time) in XLSX.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import xlsxwriter

from flowhooks.reports.columns import HEADERS, AttemptRow, Cell, cells

_YIELD_EVERY = 1000


class ReportFormat(StrEnum):
    """The file formats a report can be made in."""

    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        if self is ReportFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def attempt_cells(rows: AsyncIterable[AttemptRow]) -> AsyncIterator[Sequence[Cell]]:
    """Turn attempt rows into cell lists in the report's column order."""
    async for row in rows:
        yield cells(row)


async def write_report(
    path: Path,
    fmt: ReportFormat,
    rows: AsyncIterable[Sequence[Cell]],
    zone: ZoneInfo,
    headers: Sequence[str] = HEADERS,
) -> int:
    """Write the header and every row to `path`; return the number of data rows."""
    if fmt is ReportFormat.CSV:
        return await write_csv(path, rows, zone, headers)
    return await write_xlsx(path, rows, zone, headers)


async def write_csv(
    path: Path, rows: AsyncIterable[Sequence[Cell]], zone: ZoneInfo, headers: Sequence[str]
) -> int:
    """Write a UTF-8 CSV file (RFC 4180 quoting, CRLF line ends)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        async for row in rows:
            writer.writerow([_text(cell, zone) for cell in row])
            count += 1
            if count % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
    return count


def _text(cell: Cell, zone: ZoneInfo) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.astimezone(zone).isoformat(timespec="seconds")
    return str(cell)


async def write_xlsx(
    path: Path, rows: AsyncIterable[Sequence[Cell]], zone: ZoneInfo, headers: Sequence[str]
) -> int:
    """Write an XLSX workbook with one sheet, in constant memory."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("Report")
        bold = workbook.add_format({"bold": True})
        stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        sheet.freeze_panes(1, 0)
        count = 0
        async for row in rows:
            count += 1
            for col, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, datetime):
                    local = cell.astimezone(zone).replace(tzinfo=None)
                    sheet.write_datetime(count, col, local, stamp)
                elif isinstance(cell, int):
                    sheet.write_number(count, col, cell)
                else:
                    sheet.write_string(count, col, cell)
            if count % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
    finally:
        await asyncio.to_thread(workbook.close)
    return count
