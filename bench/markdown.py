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
    "| case | req/s | p50 ms | p99 ms | errors | ratio | cpu ratio | limit | vs limit "
    "| ½-load req/s | ½-load p99 ms |\n"
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
)
SHOWN_BARE = {"baseline", "limit-redirect"}
"""The bare rows shown in every database's table (the storage limits have a db of their own)."""
LIMIT_TARGET = "bare-storage"


def _num(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def row_line(row: dict[str, Any]) -> str:
    errors = row["errors"] + (row.get("half_errors") or 0)
    return (
        f"| {row['case']} | {_num(row['rps'], '.0f')} | {_num(row['p50_ms'], '.1f')} "
        f"| {_num(row['p99_ms'], '.1f')} | {errors} | {_num(row['ratio'], '.2f')} "
        f"| {_num(row.get('cpu_ratio'), '.2f')} | {row.get('limit') or '-'} "
        f"| {_num(row.get('limit_ratio'), '.2f')} | {_num(row.get('half_rps'), '.0f')} "
        f"| {_num(row.get('half_p99_ms'), '.1f')} |"
    )


def tables(result: dict[str, Any]) -> str:
    rows = [
        r
        for r in result["rows"]
        if r["target"] in ("flowhooks", LIMIT_TARGET) or r["case"] in SHOWN_BARE
    ]
    out: list[str] = []

    def group(row: dict[str, Any]) -> tuple[str, int]:
        return row["server"], row["processes"]

    for (server, processes), group_rows in groupby(rows, key=group):
        members = list(group_rows)
        bare = [r for r in members if r["case"] in SHOWN_BARE]
        dbs = dict.fromkeys(r["db"] for r in members if r["target"] == "flowhooks")
        for db in dbs:
            out.append(f"**{server}, {processes} process(es), {db}**\n\n{HEADER}")
            limits = [r for r in members if r["target"] == LIMIT_TARGET and r["db"] == db]
            db_rows = [r for r in members if r["target"] == "flowhooks" and r["db"] == db]
            out.extend(row_line(r) for r in bare + limits + db_rows)
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
