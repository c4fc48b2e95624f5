"""Run the benchmark matrix: servers x processes x databases x cases, against a baseline.

For each (server, processes) the bare FastAPI app is measured first (the baseline), then
the storage limits (bare Starlette doing only each case's query, once per database), then
every selected case set's target is started fresh (a new database for flowhooks, seeded
by the set's setup), each case is checked once for its expected status, warmed up, run
at full concurrency for the maximum, then paced at half that maximum for the p99 that
matters (a call flow waits on every answer). Ratios are to the baseline of the same stack
and to the case's limit on the same stack and database (bench/ratios.py). flowhooks runs
with its production settings (PRODUCTION_ENV), which --env can override.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bench import cpu
from bench.cases import (
    BASELINE,
    CASE_SETS,
    COUNTER,
    LIMITS,
    Case,
    CaseSet,
    SetupEnv,
    Target,
    all_case_names,
)
from bench.databases import DATABASES, DEFAULT_PG_URL, bare_storage_url, database_url
from bench.loadgen import ensure_wrk, run_wrk
from bench.ratios import apply_ratios
from bench.report import Row, SoakResult, format_soak, format_table, machine_info, write_json
from bench.servers import SERVERS, ServerProcess, free_port, server_command
from bench.soak import soak

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

PRODUCTION_ENV = {"FLOWHOOKS_LOG_FORMAT": "json", "FLOWHOOKS_EMBEDDED_WORKER": "true"}
"""What a production deployment runs with (JSON logs, the job worker in the server
process), so the bench pays for it too; given to every server, --env overrides it."""


def _split(values: Sequence[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see docs/benchmarks.md)."""
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Benchmark flowhooks against a bare endpoint."
    )
    parser.add_argument("--cases", nargs="+", default=[], help="case names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per case")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (keep it light)")
    parser.add_argument("--servers", default="uvicorn", help=f"from {','.join(SERVERS)}")
    parser.add_argument("--processes", default="1", help="comma list, e.g. 1,2")
    parser.add_argument("--db", default="sqlite", help=f"from {','.join(DATABASES)}")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="dropped and re-created")
    parser.add_argument("--repeat", type=int, default=1, help="peak runs, best kept")
    parser.add_argument("--no-half", action="store_true", help="skip the half-load pass")
    parser.add_argument("--soak", type=float, default=0.0, help="soak seconds (0 = none)")
    parser.add_argument("--soak-case", default="fetchUserPreferences")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for servers")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    return parser.parse_args(argv)


def selected_sets(names: list[str]) -> list[tuple[CaseSet, list[Case]]]:
    """The case sets that hold a selected case, with those cases; the baseline always, and
    the limit of every selected case."""
    known = all_case_names()
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(known)}")
    wanted = set(names or known) | {BASELINE}
    wanted |= {limit for name in wanted if (limit := LIMITS.get(name)) is not None}
    chosen = []
    for case_set in CASE_SETS:
        cases = [case for case in case_set.cases if case.name in wanted]
        if cases:
            chosen.append((case_set, cases))
    return chosen


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is the answer (the redirect case), not a hop to follow off this machine."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def request(base_url: str, case: Case, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send ``case`` once; its status and body."""
    # A body with the per-request counter is sent once with the counter at 0 (wrk starts at 1).
    data = None if case.body is None else json.dumps(case.body).replace(COUNTER, "0" * 8).encode()
    req = urllib.request.Request(  # noqa: S310 (our own http://127.0.0.1 URL)
        base_url + case.path, data=data, method=case.method
    )
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with _NO_REDIRECTS.open(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def method_names(document: Any) -> set[str]:
    """The method names and aliases in a GET /webhook/methods answer ({"methods": [...]})."""
    items = document.get("methods", []) if isinstance(document, dict) else []
    names: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            names.add(str(item.get("name", "")))
            names.update(str(alias) for alias in item.get("aliases") or [])
    return names - {""}


def served_methods(server: ServerProcess, path: str | None) -> set[str] | None:
    """The webhook methods the server lists, or None when the target has no catalogue."""
    if path is None:
        return None
    with urllib.request.urlopen(server.base_url + path, timeout=10) as response:  # noqa: S310
        return method_names(json.loads(response.read()))


def env_overrides(extra: list[str]) -> dict[str, str]:
    """PRODUCTION_ENV with the --env KEY=VALUE items over it (what the header prints)."""
    env = dict(PRODUCTION_ENV)
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--env expects KEY=VALUE, got {item!r}")
        env[key] = value
    return env


def server_env(extra: list[str], database: Mapping[str, str]) -> dict[str, str]:
    """The servers' environment: ours, the database variable, the production settings and
    the --env overrides, in that order."""
    return {**os.environ, **database, **env_overrides(extra)}


def database_env(target: Target, db: str | None, workdir: Path, pg_url: str) -> dict[str, str]:
    """The variable that hands ``target`` a fresh database of kind ``db`` (none for None)."""
    if db is None:
        return {}
    if target.storage_env is not None:
        return {target.storage_env: bare_storage_url(db, workdir, pg_url)}
    return {"FLOWHOOKS_DATABASE_URL": database_url(db, workdir, pg_url)}


def header(args: argparse.Namespace) -> str:
    """The run's settings that shape its figures, printed before it starts."""
    settings = " ".join(f"{k}={v}" for k, v in env_overrides(args.env).items())
    return (
        f"servers run with {settings} (production settings; change with --env KEY=VALUE)\n"
        "ratio: req/s over the bare FastAPI baseline of the same stack; vs limit: req/s over "
        "the case's storage limit (bare Starlette doing only its query) on the same stack "
        "and database"
    )


def stacks(args: argparse.Namespace) -> Iterator[tuple[str, int]]:
    """Every (server, processes) pair asked for."""
    for server in _split([args.servers]):
        if server not in SERVERS:
            raise SystemExit(f"unknown server {server!r}; expected {', '.join(SERVERS)}")
        for processes in _split([args.processes]):
            yield server, int(processes)


def measure_case(
    wrk: str, server: ServerProcess, case: Case, row: Row, args: argparse.Namespace
) -> None:
    """Fill ``row``: status check, warm-up, maximum, then the half-load pass."""
    status, body = request(server.base_url, case)
    if status != case.expected_status:
        row.note = f"answered {status}, expected {case.expected_status}: {body[:200]!r}"
        return
    common = {"connections": args.connections, "threads": args.threads}
    if args.warmup > 0:
        run_wrk(wrk, server.base_url, case, duration=args.warmup, **common)
    runs = []
    for _ in range(max(1, args.repeat)):
        before = cpu.snapshot(server.pid)
        result = run_wrk(wrk, server.base_url, case, duration=args.duration, **common)
        runs.append((result, cpu.usage(before, cpu.snapshot(server.pid))))
    peak, use = max(runs, key=lambda run: run[0].rps)  # best of N: noise only slows a run
    row.server_cores, row.wrk_cores, row.others_cores = (
        use.server_cores,
        use.loadgen_cores,
        use.others_cores,
    )
    row.rps, row.p50_ms, row.p99_ms, row.errors = peak.rps, peak.p50_ms, peak.p99_ms, peak.errors
    if peak.errors:
        row.note = f"{peak.socket_errors} socket errors/timeouts, {peak.non_2xx_3xx} non-2xx/3xx"
    row.rps_per_core = peak.rps / use.server_cores if use.server_cores > 0 else None
    if peak.rps <= 0:
        return
    row.half_rate = peak.rps / 2
    if args.no_half:
        return
    half = run_wrk(wrk, server.base_url, case, duration=args.duration, rate=row.half_rate, **common)
    row.half_rps, row.half_p99_ms, row.half_errors = half.rps, half.p99_ms, half.errors


def run_set(
    wrk: str,
    case_set: CaseSet,
    cases: list[Case],
    stack: tuple[str, int],
    db: str | None,
    args: argparse.Namespace,
    workdir: Path,
) -> tuple[list[Row], list[SoakResult]]:
    """Start the set's target on one stack and database and measure its cases."""
    server_name, processes = stack
    target = case_set.target
    env = server_env(args.env, database_env(target, db, workdir, args.pg_url))
    if case_set.setup is not None:
        case_set.setup(SetupEnv(repo=REPO, venv_bin=VENV_BIN, env=env))
    port = free_port()
    rows: list[Row] = []
    soaks: list[SoakResult] = []
    label = db or "-"
    print(f"== {target.name} on {server_name} x{processes} ({label})", flush=True)
    with ServerProcess(
        command=server_command(target, server_name, processes, port, VENV_BIN),
        env=env,
        cwd=REPO,
        port=port,
        ready_path=target.ready_path,
        log_path=workdir / f"{target.name}-{server_name}-{processes}-{label}.log",
    ) as server:
        methods = served_methods(server, target.methods_path)
        for prime in case_set.prime:
            if methods is None or prime.webhook_method in (None, *methods):
                request(server.base_url, prime)
        for case in cases:
            row = Row(server_name, processes, label, target.name, case.name)
            rows.append(row)
            if methods is not None and case.webhook_method and case.webhook_method not in methods:
                row.note = f"skipped: the server does not list {case.webhook_method}"
                continue
            measure_case(wrk, server, case, row, args)
            print(f"   {case.name}: {row.rps or 0:.0f} req/s {row.note}", flush=True)
            if args.soak > 0 and case.name == args.soak_case and row.half_rate:
                result = soak(
                    wrk,
                    server,
                    case,
                    rate=row.half_rate,
                    seconds=args.soak,
                    connections=args.connections,
                    labels=(server_name, processes, label),
                )
                soaks.append(result)
                print("   " + format_soak(result), flush=True)
    return rows, soaks


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench; print the table (and write JSON when asked)."""
    args = parse_args(argv)
    if args.list:
        for case_set in CASE_SETS:
            for case in case_set.cases:
                limit = LIMITS.get(case.name)
                held = f"  (limit: {limit})" if limit else ""
                print(f"{case.name:28} {case_set.target.name:16} {case.method} {case.path}{held}")
        return 0
    chosen = selected_sets(_split(args.cases))
    dbs = _split([args.db])
    for kind in dbs:
        if kind not in DATABASES:
            raise SystemExit(f"unknown database {kind!r}; expected {', '.join(DATABASES)}")
    wrk = ensure_wrk()
    print(header(args), flush=True)
    rows: list[Row] = []
    soaks: list[SoakResult] = []
    with tempfile.TemporaryDirectory(prefix="flowhooks-bench-") as tmp:
        workdir = Path(tmp)
        for stack in stacks(args):
            for case_set, cases in chosen:
                db_options: list[str | None] = list(dbs) if case_set.target.uses_db else [None]
                for db in db_options:
                    new_rows, new_soaks = run_set(wrk, case_set, cases, stack, db, args, workdir)
                    rows += new_rows
                    soaks += new_soaks
    apply_ratios(rows, LIMITS)
    print()
    print(header(args))
    print(format_table(rows))
    for result in soaks:
        print(format_soak(result))
    if args.json is not None:
        settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
        settings["server_env"] = env_overrides(args.env)
        write_json(args.json, rows, soaks, settings, machine_info(REPO))
        print(f"\nwrote {args.json}")
    return 0
