"""Files brought over from the original platform, read row by row with their line numbers.

Every import (contacts, short links, agents) is all-or-nothing: the whole file is read and
checked before anything is written, and the first bad row refuses the file with its line
number and the reason, so a customer fixes that line and runs the import again.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowhooks.errors import FlowhooksError


class BadImportFile(FlowhooksError):
    """The file was refused at one of its lines."""

    status_code = 422
    code = "INVALID_IMPORT_FILE"

    def __init__(self, line: int | None, reason: str) -> None:
        self.line = line
        self.reason = reason
        where = "" if line is None else f"line {line}: "
        super().__init__(f"{where}{reason}")


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did, or would do with --dry-run."""

    rows: int
    written: bool


def csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row of a CSV file with a header, as (line number, column -> stripped text).

    A header that lacks a required column refuses the file at line 1; blank lines are skipped.
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise BadImportFile(1, "the file is empty: expected a header line")
        names = [name.strip() for name in header]
        missing = [name for name in required if name not in names]
        if missing:
            raise BadImportFile(1, f"the header has no {', '.join(missing)} column")
        if len(set(names)) != len(names):
            raise BadImportFile(1, "the header names a column twice")
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(names):
                raise BadImportFile(
                    reader.line_num, f"{len(cells)} cells where the header has {len(names)}"
                )
            yield reader.line_num, dict(zip(names, (cell.strip() for cell in cells), strict=True))


def jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each JSON object of a JSON Lines file, as (line number, object); blank lines skipped."""
    with path.open(encoding="utf-8-sig") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadImportFile(line_number, f"not JSON ({exc.msg})") from None
            if not isinstance(value, dict):
                raise BadImportFile(line_number, "expected a JSON object")
            yield line_number, value
