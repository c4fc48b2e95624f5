"""Soak: hold a case at a fixed rate for minutes and watch the server's memory.

The server's RSS (its whole process tree, from /proc) is sampled after a warm-up run and
then every few seconds while wrk holds the rate; a flat line (end within 10% of the
post-warm-up value) means nothing accumulates per request.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from bench.cases import Case
from bench.loadgen import run_wrk
from bench.report import SoakResult
from bench.servers import ServerProcess, rss_kib

SAMPLE_EVERY_S = 10.0


def soak(
    wrk: str,
    server: ServerProcess,
    case: Case,
    *,
    rate: float,
    seconds: float,
    connections: int,
    labels: tuple[str, int, str],
) -> SoakResult:
    """Warm up, sample RSS, hold ``rate`` for ``seconds`` while sampling, sample again."""
    warmup = max(10.0, min(60.0, seconds / 10))
    run_wrk(wrk, server.base_url, case, duration=warmup, connections=connections, rate=rate)
    after_warmup = rss_kib(server.pid)
    samples = [after_warmup]
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(
            run_wrk,
            wrk,
            server.base_url,
            case,
            duration=seconds,
            connections=connections,
            rate=rate,
        )
        next_sample = time.monotonic() + SAMPLE_EVERY_S
        while not running.done():
            time.sleep(0.2)
            if time.monotonic() >= next_sample:
                samples.append(rss_kib(server.pid))
                next_sample += SAMPLE_EVERY_S
        result = running.result()
    end = rss_kib(server.pid)
    samples.append(end)
    server_name, processes, db = labels
    return SoakResult(
        server=server_name,
        processes=processes,
        db=db,
        case=case.name,
        rate=rate,
        seconds=result.duration_s,
        rss_after_warmup_kib=after_warmup,
        rss_end_kib=end,
        samples_kib=samples,
        errors=result.errors,
    )
