"""Report files: CSV and XLSX written from an async stream of rows."""

from __future__ import annotations

import csv
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from flowhooks.reports.columns import HEADERS, AttemptRow
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


async def traced_tail(count: int, trace_from: int) -> AsyncIterator[AttemptRow]:
    """Yield `count` attempts and start tracing allocations at row `trace_from`."""
    for n in range(count):
        if n == trace_from:
            tracemalloc.start()
        yield attempt(n)


@pytest.mark.parametrize("fmt", [ReportFormat.CSV, ReportFormat.XLSX])
async def test_100k_rows_stream_in_low_memory(tmp_path: Path, fmt: ReportFormat) -> None:
    """Writing 100,000 rows keeps memory flat: the last 20,000 rows and the close stay small."""
    path = tmp_path / f"big.{fmt.value}"
    try:
        count = await write_report(path, fmt, attempt_cells(traced_tail(100_000, 80_000)), IST)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_000
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert current < 1024 * 1024, f"still held {current / 1e6:.1f} MB"
    assert path.stat().st_size > 1_000_000
    if fmt is ReportFormat.CSV:
        with path.open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) == 100_001
    else:
        book = openpyxl.load_workbook(path, read_only=True)
        assert book["Report"].max_row == 100_001
        book.close()
