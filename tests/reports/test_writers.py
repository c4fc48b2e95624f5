"""Report files: CSV and XLSX written from an async stream of rows."""

from __future__ import annotations

import csv
import tracemalloc
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl

from flowhooks.reports.columns import HEADERS, AttemptRow, Cell
from flowhooks.reports.writers import ReportFormat, attempt_cells, write_report

IST = ZoneInfo("Asia/Kolkata")
START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def attempt(n: int) -> AttemptRow:
    answered = n % 2 == 0
    return AttemptRow(
        phonon_uuid=f"uuid-{n:06d}",
        client_identifier=f"client-{n}",
        flow_id="AbCd1234",
        attempt=1 + n % 3,
        contact_number="+919979746666",
        status="ANSWERED" if answered else "NO_ANSWER",
        start_time=START + timedelta(seconds=n),
        connect_time=START + timedelta(seconds=n + 5) if answered else None,
        end_time=START + timedelta(seconds=n + 65),
        duration_seconds=60 if answered else None,
        hangup_cause="NORMAL_CLEARING",
        recording_url=f"https://rec.example/{n}.mp3" if answered else None,
    )


async def attempts(count: int) -> AsyncIterator[AttemptRow]:
    for n in range(count):
        yield attempt(n)


async def test_csv_opens_back_with_the_right_rows(tmp_path: Path) -> None:
    """A CSV report has the header and one line per attempt, times in the account's zone."""
    path = tmp_path / "r.csv"
    count = await write_report(path, ReportFormat.CSV, attempt_cells(attempts(3)), IST)
    assert count == 3
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 4
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["phononUUID"] == "uuid-000000"
    assert first["contactNumber"] == "+919979746666"
    assert first["startTime"] == "2026-11-02T10:00:00+05:30"
    assert first["durationSeconds"] == "60"
    second = dict(zip(HEADERS, rows[2], strict=True))
    assert second["connectTime"] == ""
    assert second["status"] == "NO_ANSWER"


async def test_xlsx_opens_back_with_the_right_rows(tmp_path: Path) -> None:
    """An XLSX report opens in openpyxl with typed cells: numbers, local date-times, text."""
    path = tmp_path / "r.xlsx"
    count = await write_report(path, ReportFormat.XLSX, attempt_cells(attempts(3)), IST)
    assert count == 3
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Report"].iter_rows(values_only=True))
    book.close()
    assert rows[0] == HEADERS
    assert len(rows) == 4
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["phononUUID"] == "uuid-000000"
    assert first["startTime"] == datetime(2026, 11, 2, 10, 0)
    assert first["durationSeconds"] == 60
    assert dict(zip(HEADERS, rows[2], strict=True))["connectTime"] is None


async def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    """A value that starts with '=' is written as text, never as a formula."""
    path = tmp_path / "f.xlsx"

    async def rows() -> AsyncIterator[list[str | None]]:
        yield ['=HYPERLINK("http://x")', "+919979746666"]

    await write_report(path, ReportFormat.XLSX, rows(), IST, headers=("a", "b"))
    book = openpyxl.load_workbook(path)
    sheet = book["Report"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].value == "+919979746666"
    book.close()


async def traced_tail(
    rows: AsyncIterator[Sequence[Cell]], trace_from: int
) -> AsyncIterator[Sequence[Cell]]:
    """Pass rows through and start tracing allocations at row `trace_from`."""
    n = 0
    async for row in rows:
        if n == trace_from:
            tracemalloc.start()
        n += 1
        yield row


async def narrow(count: int) -> AsyncIterator[Sequence[Cell]]:
    """Rows with one cell of each kind (text, number, time, empty)."""
    for n in range(count):
        yield [f"uuid-{n:06d}", n % 3 + 1, START + timedelta(seconds=n), None, "ANSWERED"]


async def traced_write(path: Path, fmt: ReportFormat, rows: AsyncIterator[Sequence[Cell]]) -> int:
    """Write 100,000 rows, tracing memory over the last 20,000 and the file's close."""
    try:
        count = await write_report(path, fmt, traced_tail(rows, 80_000), IST, headers=HEADERS)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert current < 1024 * 1024, f"still held {current / 1e6:.1f} MB"
    return count


async def test_100k_row_csv_streams_in_low_memory(tmp_path: Path) -> None:
    """A 100,000-row CSV report is written with flat memory: nothing accumulates per row."""
    path = tmp_path / "big.csv"
    count = await traced_write(path, ReportFormat.CSV, attempt_cells(attempts(100_000)))
    assert count == 100_000
    with path.open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 100_001


async def test_100k_row_xlsx_streams_in_low_memory(tmp_path: Path) -> None:
    """A 100,000-row XLSX is written in constant memory (about 40 MB without that mode)."""
    path = tmp_path / "big.xlsx"
    count = await traced_write(path, ReportFormat.XLSX, narrow(100_000))
    assert count == 100_000
    assert path.stat().st_size > 1_000_000
    book = openpyxl.load_workbook(path, read_only=True)
    assert book["Report"].max_row == 100_001
    book.close()
