"""Short-link inserts on both drivers: a new link gets its key, a taken code is CodeTaken."""

from __future__ import annotations

import pytest

from flowhooks.store import shortlinks
from flowhooks.store.database import Database
from tests.store.rows import an_account


async def test_an_inserted_link_reads_back_by_its_code(db: Database) -> None:
    """insert_link answers the row with its new id; the link reads back by its code."""
    account = await an_account(db)
    row = await shortlinks.insert_link(
        db, code="abc123", account_id=account, long_url="https://example.com", redirect_code=302
    )
    async with db.read() as session:
        stored = await shortlinks.link_by_code(session, "abc123")
    assert stored is not None
    assert (stored.id, stored.long_url, stored.visit_count) == (row.id, row.long_url, 0)


async def test_a_taken_code_is_code_taken(db: Database) -> None:
    """A second link with the same code raises CodeTaken (the caller picks another)."""
    account = await an_account(db)
    values = {"account_id": account, "long_url": "https://example.com", "redirect_code": 302}
    await shortlinks.insert_link(db, code="same", **values)
    with pytest.raises(shortlinks.CodeTaken):
        await shortlinks.insert_link(db, code="same", **values)
