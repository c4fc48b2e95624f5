"""The bench's ratios: every row to its stack's baseline, and a case to its storage limit.

A figure alone says little on a shared 2-core machine; a ratio to a row measured in the
same run on the same stack (server, processes) says what the code costs. Two are kept: to
the bare FastAPI endpoint (what flowhooks costs over the framework) and to the case's
limit (bench/cases.py LIMITS: what it costs over the one query it needs, on the same
database, so a PostgreSQL round trip is not counted against flowhooks).
"""

from __future__ import annotations

from collections.abc import Mapping

from bench.cases import BASELINE
from bench.report import Row

NO_DB = "-"
"""The db label of a row whose target uses no database (the bare apps)."""


def _reference(index: Mapping[tuple[str, int, str, str], Row], row: Row, case: str) -> Row | None:
    """``case``'s row on ``row``'s stack: on the same database, or one that uses none."""
    stack = (row.server, row.processes)
    return index.get((*stack, row.db, case)) or index.get((*stack, NO_DB, case))


def _ratio(value: float | None, reference: float | None) -> float | None:
    return value / reference if value is not None and reference else None


def apply_ratios(rows: list[Row], limits: Mapping[str, str | None]) -> None:
    """Fill every row's ratios in place (None where either figure is missing)."""
    index = {(r.server, r.processes, r.db, r.case): r for r in rows}
    for row in rows:
        base = _reference(index, row, BASELINE)
        if base is not None:
            row.ratio = _ratio(row.rps, base.rps)
            row.cpu_ratio = _ratio(row.rps_per_core, base.rps_per_core)
        row.limit = limits.get(row.case)
        if row.limit is None:
            continue
        limit = _reference(index, row, row.limit)
        if limit is not None:
            row.limit_ratio = _ratio(row.rps, limit.rps)
            row.limit_cpu_ratio = _ratio(row.rps_per_core, limit.rps_per_core)
