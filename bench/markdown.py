"""Print a results JSON of bench/run.py as Markdown tables (for the README and docs).

.venv/bin/python bench/markdown.py bench/results/issue9-final.json
"""

from __future__ import annotations

import json
import sys
from itertools import groupby
from pathlib import Path
from typing import Any

HEADER = (
    "| case | req/s | p50 ms | p99 ms | errors | ratio | cpu ratio "
    "| ½-load req/s | ½-load p99 ms |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)
SHOWN_BARE = {"baseline"}


def _num(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def row_line(row: dict[str, Any]) -> str:
    errors = row["errors"] + (row.get("half_errors") or 0)
    return (
        f"| {row['case']} | {_num(row['rps'], '.0f')} | {_num(row['p50_ms'], '.1f')} "
        f"| {_num(row['p99_ms'], '.1f')} | {errors} | {_num(row['ratio'], '.2f')} "
        f"| {_num(row.get('cpu_ratio'), '.2f')} | {_num(row.get('half_rps'), '.0f')} "
        f"| {_num(row.get('half_p99_ms'), '.1f')} |"
    )


def tables(result: dict[str, Any]) -> str:
    rows = [r for r in result["rows"] if r["target"] == "flowhooks" or r["case"] in SHOWN_BARE]
    out: list[str] = []

    def group(row: dict[str, Any]) -> tuple[str, int]:
        return row["server"], row["processes"]

    for (server, processes), members in groupby(rows, key=group):
        members = list(members)
        baseline = [r for r in members if r["case"] in SHOWN_BARE]
        for db, db_rows in groupby(
            [r for r in members if r["target"] == "flowhooks"], key=lambda r: r["db"]
        ):
            out.append(f"**{server}, {processes} process(es), {db}**\n\n{HEADER}")
            out.extend(row_line(r) for r in baseline + list(db_rows))
            out.append("")
    machine = result["machine"]
    out.append(
        f"Machine: {machine['cpu']}, {machine['cores']} cores, kernel {machine['kernel']}, "
        f"Python {machine['python']}, load average at the start "
        f"{machine['load_average_1_5_15']}; commit {machine['commit']}."
    )
    return "\n".join(out)


if __name__ == "__main__":
    print(tables(json.loads(Path(sys.argv[1]).read_text())))
