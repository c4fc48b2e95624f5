"""The claim-and-poll loop shared by the job worker and the outbound dispatcher."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import structlog
from structlog.testing import capture_logs

from flowhooks.errors import ServiceUnavailable
from flowhooks.jobs.polling import ClaimLoop


class ListLoop(ClaimLoop[str]):
    """Claims from a list of rounds; records what it handled; "boom" crashes."""

    claim_failed_event = "test_claim_failed"
    crash_event = "test_crashed"

    def __init__(self, rounds: list[list[str] | Exception], *, concurrent: bool = False) -> None:
        super().__init__(
            batch=10,
            lease=timedelta(seconds=30),
            poll_seconds=0.01,
            log=structlog.get_logger("test.polling"),
        )
        self.concurrent = concurrent
        self.rounds = rounds
        self.claims = 0
        self.handled: list[str] = []
        self.running = 0
        self.most_at_once = 0

    async def claim(self) -> Sequence[str]:
        self.claims += 1
        if not self.rounds:
            return []
        round_ = self.rounds.pop(0)
        if isinstance(round_, Exception):
            raise round_
        return round_

    async def handle(self, item: str) -> None:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        if item == "boom":
            raise RuntimeError("handler bug")
        self.handled.append(item)

    def describe(self, item: str) -> Mapping[str, Any]:
        return {"item": item}


async def test_a_crashing_item_is_logged_and_the_others_are_handled() -> None:
    """An item whose handling crashes is logged with its fields; the rest of the round runs."""
    loop = ListLoop([["a", "boom", "b"]])
    with capture_logs() as logs:
        assert await loop.run_once() == 3
    assert loop.handled == ["a", "b"]
    crashes = [e for e in logs if e["event"] == "test_crashed"]
    assert [e["item"] for e in crashes] == ["boom"]


async def test_items_run_in_turn_unless_the_loop_is_concurrent() -> None:
    """A sequential loop handles one item at a time; a concurrent one handles the round together."""
    in_turn = ListLoop([["a", "b", "c"]])
    await in_turn.run_once()
    together = ListLoop([["a", "b", "c"]], concurrent=True)
    await together.run_once()
    assert (in_turn.most_at_once, together.most_at_once) == (1, 3)


async def test_an_unreachable_database_costs_a_round_not_the_loop() -> None:
    """A claim refused with ServiceUnavailable is logged; the loop claims again after a pause."""
    loop = ListLoop([ServiceUnavailable("database down"), ["a"]])
    stop = asyncio.Event()
    with capture_logs() as logs:
        task = asyncio.create_task(loop.run(stop))
        for _ in range(200):
            if loop.handled:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, timeout=2)
    assert loop.handled == ["a"]
    assert [e["error"] for e in logs if e["event"] == "test_claim_failed"] == ["database down"]


async def test_the_loop_polls_while_idle_and_ends_when_stopped() -> None:
    """With nothing due the loop claims every poll interval and returns once stop is set."""
    loop = ListLoop([])
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(task, timeout=1)
    assert loop.claims >= 2
