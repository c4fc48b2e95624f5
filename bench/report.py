"""The bench's figures as rows: a printed table and a JSON file for comparing commits."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One case on one stack (server, processes, database)."""

    server: str
    processes: int
    db: str
    target: str
    case: str
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    errors: int | None = None
    ratio: float | None = None
    half_rate: float | None = None
    half_rps: float | None = None
    half_p99_ms: float | None = None
    half_errors: int | None = None
    rps_per_core: float | None = None
    """Requests per second of server CPU: steadier than req/s when the machine is shared."""
    cpu_ratio: float | None = None
    """rps_per_core over the baseline's: the ratio with other processes' noise taken out."""
    server_cores: float | None = None
    wrk_cores: float | None = None
    others_cores: float | None = None
    """Cores used by processes not ours during the maximum run (noise on a shared machine)."""
    limit: str | None = None
    """The case's storage limit (bench/cases.py LIMITS); None: the baseline is its limit."""
    limit_ratio: float | None = None
    """req/s over the limit's on the same stack and database."""
    limit_cpu_ratio: float | None = None
    """rps_per_core over the limit's: the same with other processes' noise taken out."""
    note: str = ""


@dataclass
class SoakResult:
    """Memory of the server over a long paced run."""

    server: str
    processes: int
    db: str
    case: str
    rate: float
    seconds: float
    rss_after_warmup_kib: int
    rss_end_kib: int
    samples_kib: list[int] = field(default_factory=list)
    errors: int = 0

    @property
    def ratio(self) -> float:
        """RSS at the end over RSS after warm-up (1.10 = grew by 10%)."""
        return self.rss_end_kib / self.rss_after_warmup_kib if self.rss_after_warmup_kib else 0.0


def _fmt(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _cores(row: Row) -> str:
    if row.server_cores is None or row.wrk_cores is None or row.others_cores is None:
        return "-"
    return f"{row.server_cores:.2f}/{row.wrk_cores:.2f}/{row.others_cores:.2f}"


COLUMNS = (
    ("server", 8), ("proc", 4), ("db", 10), ("case", 24), ("req/s", 9), ("p50 ms", 7),
    ("p99 ms", 7), ("errors", 6), ("ratio", 5), ("req/cpu-s", 9), ("cpu ratio", 9),
    ("limit", 17), ("vs limit", 8), ("½ req/s", 8), ("½ p99 ms", 8), ("cpu srv/wrk/other", 17),
)  # fmt: skip


def format_table(rows: list[Row]) -> str:
    """A fixed-width table: one line per row, ratios to the baseline of the same stack and
    to the case's limit on the same stack and database."""
    header = "  ".join(name.ljust(width) for name, width in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = (
            row.server, str(row.processes), row.db, row.case, _fmt(row.rps, ".0f"),
            _fmt(row.p50_ms, ".2f"), _fmt(row.p99_ms, ".2f"), _fmt(row.errors, "d"),
            _fmt(row.ratio, ".2f"), _fmt(row.rps_per_core, ".0f"), _fmt(row.cpu_ratio, ".2f"),
            row.limit or "-", _fmt(row.limit_ratio, ".2f"), _fmt(row.half_rps, ".0f"),
            _fmt(row.half_p99_ms, ".2f"), _cores(row),
        )  # fmt: skip
        line = "  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True))
        lines.append(line.rstrip() + (f"  ({row.note})" if row.note else ""))
    return "\n".join(lines)


def format_soak(soak: SoakResult) -> str:
    """One line on memory over a soak run."""
    return (
        f"soak {soak.case} on {soak.server} x{soak.processes} {soak.db}: {soak.seconds:.0f}s at "
        f"{soak.rate:.0f} req/s, RSS {soak.rss_after_warmup_kib / 1024:.1f} MiB after warm-up "
        f"-> {soak.rss_end_kib / 1024:.1f} MiB at the end (ratio {soak.ratio:.3f}, "
        f"{soak.errors} errors)"
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr else ""
    )


def machine_info(repo: Path) -> dict[str, Any]:
    """What the figures were measured on: CPU, cores, memory, versions, commit."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "load_average_1_5_15": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
        "wrk": _first_line(["wrk", "--version"]),
        "commit": _first_line(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"]),
        "packages": {p: _version(p) for p in ("fastapi", "starlette", "uvicorn", "granian")},
    }


def write_json(
    path: Path,
    rows: list[Row],
    soaks: list[SoakResult],
    settings: dict[str, Any],
    machine: dict[str, Any],
) -> None:
    """Write the run as JSON (rows, soak results, settings, machine)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "settings": settings,
        "rows": [asdict(row) for row in rows],
        "soak": [{**asdict(s), "ratio": s.ratio} for s in soaks],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
