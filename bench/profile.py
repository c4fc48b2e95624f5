"""Where one webhook's CPU goes, per stage: py-spy samples the running server under load.

`.venv/bin/python bench/profile.py --cases fetchUserPreferences --db sqlite,postgresql`

For each database the flowhooks server is started as the bench starts it (production
settings: JSON logs, the embedded worker), seeded, and each case driven by wrk at full
load while py-spy samples the server (`--nonblocking`, so the server is never paused).
Samples are put in stages by bench/stages.py; a stage's microseconds per request are its
share of the samples times the server's CPU seconds over the requests answered. The table
goes in docs/benchmarks.md ("Where the CPU goes").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from the repo root
    sys.path.insert(0, str(REPO))

from bench import cpu  # noqa: E402
from bench.cases import FLOWHOOKS_SET, Case, SetupEnv  # noqa: E402
from bench.databases import DATABASES, DEFAULT_PG_URL  # noqa: E402
from bench.loadgen import LoadResult, ensure_wrk, run_wrk  # noqa: E402
from bench.runner import database_env, request, server_env  # noqa: E402
from bench.servers import ServerProcess, free_port, server_command  # noqa: E402
from bench.stages import classify, stage_names  # noqa: E402

VENV_BIN = Path(sys.executable).parent


@dataclass
class Profile:
    """One case's breakdown: samples per stage, requests and server CPU over the window."""

    case: str
    db: str
    samples: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    server_cpu_s: float = 0.0
    rps: float = 0.0

    def micros(self, stage: str) -> float:
        """CPU microseconds per request spent in ``stage``."""
        total = sum(self.samples.values())
        if not total or not self.requests:
            return 0.0
        return self.samples[stage] / total * self.server_cpu_s / self.requests * 1e6

    @property
    def total_micros(self) -> float:
        return self.server_cpu_s / self.requests * 1e6 if self.requests else 0.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/profile.py", description=__doc__)
    names = [case.name for case in FLOWHOOKS_SET.cases]
    parser.add_argument("--cases", nargs="+", default=names, help="flowhooks case names")
    parser.add_argument("--db", default="sqlite", help=f"from {','.join(DATABASES)}")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--duration", type=float, default=10.0, help="sampled seconds")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples a second")
    parser.add_argument(
        "--settle", type=float, default=0.0, help="seconds to wait once ready (older trees)"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    return parser.parse_args(argv)


def sample(pid: int, seconds: float, rate: int, out: Path) -> None:
    """py-spy on ``pid`` for ``seconds``: raw stacks, per thread, without pausing it."""
    subprocess.run(
        [
            str(VENV_BIN / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(1, round(seconds))),
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
            "--threads",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def profile_case(
    wrk: str, server: ServerProcess, case: Case, db: str, args: argparse.Namespace, work: Path
) -> Profile:
    """Load the case with wrk and sample the server meanwhile."""
    if args.warmup > 0:
        run_wrk(wrk, server.base_url, case, duration=args.warmup, connections=args.connections)
    result: list[LoadResult] = []
    load = threading.Thread(
        target=lambda: result.append(
            run_wrk(
                wrk,
                server.base_url,
                case,
                duration=args.duration + 2,
                connections=args.connections,
            )
        )
    )
    out = work / f"{case.name}-{db}.raw"
    load.start()
    threading.Event().wait(1.0)  # wrk at full load before the window opens
    before = cpu.snapshot(server.pid)
    sample(server.pid, args.duration, args.rate, out)
    after = cpu.snapshot(server.pid)
    load.join()
    found = Profile(case.name, db)
    found.samples = classify(out.read_text().splitlines())
    found.server_cpu_s = after.server_s - before.server_s
    found.rps = result[0].rps if result else 0.0
    found.requests = round(found.rps * (after.at - before.at))
    return found


def profile_db(wrk: str, db: str, cases: list[Case], args: argparse.Namespace) -> list[Profile]:
    """Start flowhooks on a fresh database of kind ``db`` and profile each case."""
    with tempfile.TemporaryDirectory(prefix="flowhooks-profile-") as tmp:
        work = Path(tmp)
        env = server_env(args.env, database_env(FLOWHOOKS_SET.target, db, work, args.pg_url))
        assert FLOWHOOKS_SET.setup is not None
        FLOWHOOKS_SET.setup(SetupEnv(repo=REPO, venv_bin=VENV_BIN, env=env))
        port = free_port()
        command = server_command(FLOWHOOKS_SET.target, "uvicorn", 1, port, VENV_BIN)
        with ServerProcess(command, env, REPO, port, "/readyz", work / "server.log") as server:
            for prime in FLOWHOOKS_SET.prime:
                request(server.base_url, prime)
            threading.Event().wait(args.settle)  # a tree whose /readyz does not wait for warm-ups
            profiles = []
            for case in cases:
                profiles.append(profile_case(wrk, server, case, db, args, work))
                print(f"   {case.name} ({db}): {profiles[-1].rps:.0f} req/s", flush=True)
            return profiles


def format_table(profiles: list[Profile]) -> str:
    """Markdown: one column per case and database, one row per stage, µs per request."""
    stages = [s for s in stage_names() if any(p.samples[s] for p in profiles)]
    head = ["stage (µs of CPU a request)", *(f"{p.case} ({p.db})" for p in profiles)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for stage in stages:
        cells = [f"{p.micros(stage):.0f}" for p in profiles]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines.append(
        "| **total** | " + " | ".join(f"**{p.total_micros:.0f}**" for p in profiles) + " |"
    )
    lines.append("| req/s | " + " | ".join(f"{p.rps:.0f}" for p in profiles) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    known = {case.name: case for case in FLOWHOOKS_SET.cases}
    unknown = [name for name in args.cases if name not in known]
    if unknown:
        raise SystemExit(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(known)}")
    wrk = ensure_wrk()
    profiles: list[Profile] = []
    for db in [part for part in args.db.split(",") if part]:
        if db not in DATABASES:
            raise SystemExit(f"unknown database {db!r}; expected {', '.join(DATABASES)}")
        profiles += profile_db(wrk, db, [known[name] for name in args.cases], args)
    print()
    print(format_table(profiles))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
