"""Rows written in batches off the request path (invocation log, short-link visits).

`add()` never blocks and never touches the database: a background task inserts whatever has
queued every `interval` seconds or as soon as `max_rows` are waiting. A batch that fails
because the database is unreachable is kept and retried, so a database restart loses
nothing that was queued (a process crash loses at most one interval of rows; `stop()`
flushes what is left, and when the database is down at that moment it logs how many rows it
could not write instead of failing the shutdown). A batch the database refuses for what it
holds (a value longer than its column) is written row by row instead: only the rows refused
on their own are dropped, counted in `rejected` and logged without their content, so one bad
row never holds back the log behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog

from flowhooks.errors import ServiceUnavailable
from flowhooks.store.base import Base
from flowhooks.store.database import Database
from flowhooks.store.fast.interface import Refused
from flowhooks.store.fast.statements import table_of

log = structlog.get_logger("flowhooks.batch_writer")

CHUNK_PAUSE = 0.001  # seconds between two chunks of one flush


class BatchWriter:
    """Queue rows for one table (given by its model) and insert them in batches."""

    def __init__(
        self,
        db: Database,
        model: type[Base],
        *,
        max_rows: int = 500,
        interval: float = 0.2,
        max_queue: int = 100_000,
    ) -> None:
        self.db = db
        self.model = model
        self.name = model.__tablename__
        self.max_rows = max_rows
        self.interval = interval
        self.max_queue = max_queue
        self._rows: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._stopping = asyncio.Event()  # cuts a retry pause short when the process stops
        self._lock = asyncio.Lock()
        self.dropped = 0  # rows refused because the queue was full
        self.rejected = 0  # rows the database refused on their own
        self.written = 0  # rows committed so far
        self.table = table_of(model)

    def add(self, row: dict[str, Any]) -> None:
        if len(self._rows) >= self.max_queue:
            self.dropped += 1
            return
        self._rows.append(row)
        if len(self._rows) >= self.max_rows:
            self._wake.set()

    @property
    def pending(self) -> int:
        return len(self._rows)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"batch-writer-{self.name}")

    async def stop(self) -> None:
        self._closing = True
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        try:
            await self.flush()
        except ServiceUnavailable:
            # The process is going away: the rest of its shutdown must still run.
            log.error("batch_rows_lost_at_stop", table=self.name, rows=len(self._rows))

    async def flush(self) -> int:
        """Insert everything queued now; returns how many rows were written.

        Serialised: a flush that starts while the writer's own loop is mid-batch waits for
        that batch, so "flush returned" means "every row queued before is committed".
        """
        async with self._lock:
            return await self._flush_locked()

    async def _insert(self, batch: list[dict[str, Any]]) -> None:
        async with self.db.fast.transaction() as tx:
            await tx.insert(self.table, batch)

    async def _flush_locked(self) -> int:
        written = 0
        size = self.db.fast.batch_rows or self.max_rows
        while self._rows:
            batch, self._rows = self._rows[:size], self._rows[size:]
            try:
                await self._insert(batch)
            except ServiceUnavailable as exc:  # the database is away: keep the batch
                self._rows[:0] = batch
                log.warning("batch_write_failed", table=self.name, rows=len(batch), error=str(exc))
                raise
            except Refused:  # refused for what it holds
                written += await self._insert_one_by_one(batch)
                continue
            written += len(batch)
            self.written += len(batch)
            if self._rows:
                # SQLite's inserts run on the loop: between two chunks, give the calls in
                # flight a millisecond, enough for each to go a few steps (read its body,
                # run, answer). With sleep(0) each took one step a chunk, and at half load
                # a 1,500-row flush showed as a p99 of 15-22 ms (docs/benchmarks.md).
                await asyncio.sleep(CHUNK_PAUSE)
        return written

    async def _insert_one_by_one(self, batch: list[dict[str, Any]]) -> int:
        """Write a refused batch row by row; drop only the rows refused on their own."""
        written = 0
        for index, row in enumerate(batch):
            try:
                await self._insert([row])
            except ServiceUnavailable:
                self._rows[:0] = batch[index:]
                raise
            except Refused as exc:
                self.rejected += 1
                # The driver error's class only: its text quotes the row, which may hold
                # anything (Refused's own message is that class's name).
                log.error("batch_row_rejected", table=self.name, error=str(exc))
                continue
            written += 1
            self.written += 1
        return written

    async def _loop(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()
            try:
                await self.flush()
            except ServiceUnavailable:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._stopping.wait(), timeout=min(5.0, self.interval * 10)
                    )
