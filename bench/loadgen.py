"""Drive one case with wrk and read its figures back.

wrk (Debian's package) keeps every connection alive and is light enough to share two
cores with the server: one wrk thread drives all connections. Each run gets a generated
Lua script that sets the method, body and headers and, in ``done()``, prints one JSON
line with wrk's own counters (requests, duration, percentiles in microseconds, socket
errors and non-2xx/3xx responses), so nothing is lost to wrk's rounded text units.

Paced runs (the "half load" pass) add a ``delay()`` that hands each request the next slot
of a fixed schedule (LuaJIT's ffi reads the wall clock), so the rate holds at the target
whatever the latency; a schedule that falls behind is reset rather than burst to catch up.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from bench.cases import COUNTER, Case

RESULT_MARK = "BENCH_RESULT "

_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}\\n',
    MARK, summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
"""

_PACING = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local interval_ms = INTERVAL_MS
local next_slot = nil
function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now - 50 then
    next_slot = now
  end
  local slot = next_slot
  next_slot = next_slot + interval_ms
  local wait = slot - now
  if wait < 0 then return 0 end
  return math.floor(wait)
end
"""


@dataclass(frozen=True)
class LoadResult:
    """What one wrk run measured."""

    requests: int
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    non_2xx_3xx: int

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        """Socket errors (connect, read, write, timeout) plus non-2xx/3xx answers."""
        return self.socket_errors + self.non_2xx_3xx


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package first when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(
            "wrk is not installed; install it with `sudo apt-get install -y wrk` and re-run"
        )
    print("wrk is not installed: installing Debian's package (apt-get install -y wrk)...")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(install, check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("apt-get ran but wrk is still not on PATH")
    return found


def lua_string(text: str) -> str:
    """``text`` as a Lua long-bracket string literal that cannot be closed early."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


_UNIQUE_BODIES = """
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end
local sent = 0
function request()
  sent = sent + 1
  local n = string.format("%08d", (tid or 1) * 10000000 + sent)
  return wrk.format(nil, nil, nil, (TEMPLATE:gsub(COUNTER, n)))
end
"""


def wrk_script(case: Case, rate: float | None = None, threads: int = 1) -> str:
    """The Lua script for ``case``; with ``rate``, paced at that many requests/s in all."""
    lines = [f'wrk.method = "{case.method}"', f"MARK = {lua_string(RESULT_MARK)}"]
    unique = False
    if case.body is not None:
        body = json.dumps(case.body, separators=(",", ":"), ensure_ascii=False)
        unique = COUNTER in body
        lines += [
            f"{'TEMPLATE' if unique else 'wrk.body'} = {lua_string(body)}",
            'wrk.headers["Content-Type"] = "application/json"',
        ]
        if unique:
            lines.append(f"COUNTER = {lua_string(COUNTER)}")
    script = "\n".join(lines) + "\n" + _DONE + (_UNIQUE_BODIES if unique else "")
    if rate is not None:
        if rate <= 0:
            raise ValueError("a paced run needs a positive rate")
        interval_ms = 1000.0 * threads / rate
        script += _PACING.replace("INTERVAL_MS", f"{interval_ms:.6f}")
    return script


def parse_wrk_output(stdout: str) -> LoadResult:
    """Read the JSON line our ``done()`` printed from wrk's output."""
    for line in stdout.splitlines():
        if line.startswith(RESULT_MARK):
            raw = json.loads(line[len(RESULT_MARK) :])
            return LoadResult(
                requests=raw["requests"],
                duration_s=raw["duration_us"] / 1e6,
                p50_ms=raw["p50_us"] / 1000,
                p90_ms=raw["p90_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
                socket_errors=raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
                non_2xx_3xx=raw["status"],
            )
    raise RuntimeError("wrk printed no result line:\n" + stdout[-2000:])


def run_wrk(
    wrk: str,
    base_url: str,
    case: Case,
    *,
    duration: float,
    connections: int,
    threads: int = 1,
    rate: float | None = None,
    timeout_s: float = 2.0,
) -> LoadResult:
    """Drive ``case`` for ``duration`` seconds at fixed concurrency (and ``rate`` if given)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as script:
        script.write(wrk_script(case, rate, threads))
        script.flush()
        command = [
            wrk, "--latency", "-t", str(threads), "-c", str(max(connections, threads)),
            "-d", f"{max(1, round(duration))}s", "--timeout", f"{timeout_s:g}s",
            "-s", script.name, base_url + case.path,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return parse_wrk_output(done.stdout)
