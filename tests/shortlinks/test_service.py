"""Codes are unique under the database constraint: a collision is retried, never shared."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from flowhooks.errors import ServiceUnavailable
from flowhooks.shortlinks.service import LinkRequest, create_link
from flowhooks.store.shortlinks import ShortLinkRow


def codes(*values: str) -> Iterator[str]:
    yield from values


async def test_concurrent_creations_with_a_forced_collision_get_different_codes(
    shortlinks_app: FastAPI,
) -> None:
    """Two creations that draw the same code at once both succeed, with different codes."""
    runtime = shortlinks_app.state.runtime
    account = await runtime.account(1)
    first, second = codes("SAMECODE", "FIRST222"), codes("SAMECODE", "SECOND22")
    rows = await asyncio.gather(
        create_link(
            runtime.db,
            account,
            LinkRequest("https://example.com/1"),
            now=runtime.now(),
            generate=lambda: next(first),
        ),
        create_link(
            runtime.db,
            account,
            LinkRequest("https://example.com/2"),
            now=runtime.now(),
            generate=lambda: next(second),
        ),
    )
    assert {rows[0].code, rows[1].code} in ({"SAMECODE", "SECOND22"}, {"SAMECODE", "FIRST222"})
    async with runtime.db.read() as session:
        stored = (await session.execute(sa.select(ShortLinkRow.code, ShortLinkRow.long_url))).all()
    assert len(stored) == 2
    assert len({code for code, _ in stored}) == 2


async def test_a_taken_code_is_retried_with_the_next_one(shortlinks_app: FastAPI) -> None:
    """When the drawn code is taken, the next drawn code is used."""
    runtime = shortlinks_app.state.runtime
    account = await runtime.account(1)
    await create_link(
        runtime.db,
        account,
        LinkRequest("https://example.com/"),
        now=runtime.now(),
        generate=lambda: "TAKEN123",
    )
    drawn = codes("TAKEN123", "TAKEN123", "FREE1234")
    row = await create_link(
        runtime.db,
        account,
        LinkRequest("https://example.com/"),
        now=runtime.now(),
        generate=lambda: next(drawn),
    )
    assert row.code == "FREE1234"


async def test_no_free_code_after_the_retries_is_503(shortlinks_app: FastAPI) -> None:
    """A generator that only draws taken codes ends in a retryable 503, not a loop."""
    runtime = shortlinks_app.state.runtime
    account = await runtime.account(1)
    await create_link(
        runtime.db,
        account,
        LinkRequest("https://example.com/"),
        now=runtime.now(),
        generate=lambda: "ALWAYS12",
    )
    with pytest.raises(ServiceUnavailable):
        await create_link(
            runtime.db,
            account,
            LinkRequest("https://example.com/"),
            now=runtime.now(),
            generate=lambda: "ALWAYS12",
        )


async def test_many_concurrent_creations_are_all_unique(shortlinks_app: FastAPI) -> None:
    """Fifty concurrent creations give fifty different codes."""
    runtime = shortlinks_app.state.runtime
    account = await runtime.account(1)
    rows = await asyncio.gather(
        *(
            create_link(
                runtime.db, account, LinkRequest(f"https://example.com/{i}"), now=runtime.now()
            )
            for i in range(50)
        )
    )
    assert len({row.code for row in rows}) == 50
