"""Who used the CPU during a run: the server, wrk, or processes that are not ours.

The bench shares a small machine with the load generator and, often, with other work.
Each run records how many cores the server used and what share of the whole machine
other processes took, so a figure measured on a busy machine can be told from one
measured on a quiet one (and re-run).
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import process_tree

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds so far: all busy time of the machine, the server tree, our children."""

    at: float
    machine_busy_s: float
    server_s: float
    children_s: float


@dataclass(frozen=True)
class CpuUse:
    """CPU use over an interval, in cores (1.0 = one core busy all the time)."""

    server_cores: float
    loadgen_cores: float
    others_cores: float


def _machine_busy_s() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields[:8]]  # user nice system idle iowait irq softirq steal
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICKS


def _tree_cpu_s(pid: int) -> float:
    total = 0
    for member in process_tree(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def snapshot(server_pid: int) -> CpuSnapshot:
    """The counters now."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSnapshot(
        at=time.monotonic(),
        machine_busy_s=_machine_busy_s(),
        server_s=_tree_cpu_s(server_pid),
        children_s=children.ru_utime + children.ru_stime,
    )


def usage(before: CpuSnapshot, after: CpuSnapshot) -> CpuUse:
    """CPU use between two snapshots; finished children (wrk) count as the load generator."""
    wall = max(after.at - before.at, 1e-9)
    server = after.server_s - before.server_s
    loadgen = after.children_s - before.children_s
    others = (after.machine_busy_s - before.machine_busy_s) - server - loadgen
    return CpuUse(server / wall, loadgen / wall, max(others, 0.0) / wall)
