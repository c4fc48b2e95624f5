"""Contact values on both drivers: the hot read, the hot write and erasing a contact."""

from __future__ import annotations

import pytest

from flowhooks.store import contacts
from flowhooks.store.database import Database
from tests.store.rows import an_account


def _accept(values: dict[str, str]) -> None:
    return None


async def test_an_unknown_contact_has_no_values(db: Database) -> None:
    """fetch_values answers None for a number never stored."""
    account = await an_account(db)
    assert await contacts.fetch_values(db, account, "+919800000001") is None


async def test_values_are_stored_replaced_and_deleted_in_one_update(db: Database) -> None:
    """An update stores, replaces and deletes, and answers every value left, by name."""
    account = await an_account(db)
    number = "+919800000001"
    first = await contacts.update_values(db, account, number, {"b": "1", "a": "x"}, [], _accept)
    assert first == {"a": "x", "b": "1"}
    second = await contacts.update_values(db, account, number, {"a": "y"}, ["b", "zz"], _accept)
    assert second == {"a": "y"}
    assert await contacts.fetch_values(db, account, number) == {"a": "y"}


async def test_a_contact_without_values_reads_as_empty(db: Database) -> None:
    """A contact whose every value was deleted is known, with no values."""
    account = await an_account(db)
    number = "+919800000002"
    await contacts.update_values(db, account, number, {"a": "1"}, [], _accept)
    await contacts.update_values(db, account, number, {}, ["a"], _accept)
    assert await contacts.fetch_values(db, account, number) == {}


async def test_a_check_that_raises_rolls_the_whole_update_back(db: Database) -> None:
    """`check` sees the values the update would leave; raising keeps the old ones."""
    account = await an_account(db)
    number = "+919800000003"
    await contacts.update_values(db, account, number, {"a": "1"}, [], _accept)
    seen: list[dict[str, str]] = []

    def refuse(values: dict[str, str]) -> None:
        seen.append(values)
        raise ValueError("too many")

    with pytest.raises(ValueError, match="too many"):
        await contacts.update_values(db, account, number, {"b": "2"}, ["a"], refuse)
    assert seen == [{"b": "2"}]
    assert await contacts.fetch_values(db, account, number) == {"a": "1"}


async def test_erase_removes_the_contact_and_its_values(db: Database) -> None:
    """erase answers True once, then the contact is unknown; a second erase answers False."""
    account = await an_account(db)
    number = "+919800000004"
    await contacts.update_values(db, account, number, {"a": "1"}, [], _accept)
    async with db.session() as session:
        assert await contacts.erase(session, account, number)
    async with db.session() as session:
        assert not await contacts.erase(session, account, number)
    assert await contacts.fetch_values(db, account, number) is None
