"""Which stage of a call a profiler sample belongs to: parsing, account, binding, the method…

py-spy's raw output is one line per distinct stack, ``frame;frame;... count``, each frame
``function (path:line)``. A sample belongs to the first stage in `STAGES` whose pattern
matches any frame of its stack, so a stage listed earlier wins over one it runs inside:
the metrics and logging calls made from the call's own code count as metrics and logging,
the SQL a method runs counts as storage, and the method's own code as the method. What no
flowhooks stage claims is the server's (uvicorn, the event loop, sockets).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

OTHER_THREADS = "other threads"

STAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("background", r"ClaimLoop|SqliteCheckpointer|warm_up|warmup|\(flowhooks/jobs/"),
        ("metrics", r"\(flowhooks/metrics\.py|\(prometheus_client/"),
        ("logging", r"\(structlog/|\(flowhooks/logs\.py|\(logging/"),
        ("log writes (batched rows)", r"^BatchWriter\."),
        ("invocation row", r"^_record \(flowhooks/calls|^search_columns |^redact_variables "),
        ("storage", r"\(flowhooks/store/|\(sqlite3/|\(asyncpg/|\(aiosqlite/|\(sqlalchemy/"),
        ("parsing", r"^parse_body |^read_body |^parse_json |^json_body "),
        (
            "account",
            r"^resolve_account |^Runtime\.account |\(flowhooks/accounts/|\(flowhooks/auth/",
        ),
        ("binding", r"^bind \(flowhooks/envelope|^Inputs\.|\(flowhooks/kinds\.py"),
        (
            "method",
            r"\(flowhooks/(methods|calendar|language|outbound|shortlinks|agents|contacts)/"
            r"|\(flowhooks/phones\.py|\(dateparser/|\(phonenumbers/|\(holidays/|\(lingua/",
        ),
        ("answer", r"^(success_answer|failure_answer|webhook_answer|send_json) |\(starlette/"),
        ("call (routing, handle)", r"\(flowhooks/(?!cli/)"),
        ("server, event loop, drivers' C code", r""),
    )
)
"""(stage, pattern) in the order they claim a sample; the last claims every sample left."""


def stage_of(frames: list[str]) -> str:
    """The stage a stack (outermost frame first) is counted in."""
    for name, pattern in STAGES:
        if any(pattern.search(frame) for frame in frames):
            return name
    return STAGES[-1][0]


def classify(lines: Iterable[str]) -> Counter[str]:
    """Samples per stage from py-spy raw lines. With ``--threads`` each stack starts with
    ``thread (id): name``: only MainThread (the event loop) is staged, the rest counted as
    `OTHER_THREADS` (SQLite checkpoints, aiosqlite's connection threads)."""
    counts: Counter[str] = Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if frames[0].startswith("thread ("):
            thread, frames = frames[0], frames[1:]
            if not thread.endswith(": MainThread"):
                counts[OTHER_THREADS] += int(count)
                continue
        counts[stage_of(frames)] += int(count)
    return counts


def stage_names() -> list[str]:
    """Every stage, in table order."""
    return [name for name, _ in STAGES] + [OTHER_THREADS]
