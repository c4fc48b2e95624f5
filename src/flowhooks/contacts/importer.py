"""`flowhooks import contacts`: stored $user.key values brought over from the original platform.

Two forms: CSV with a `contactNumber` column and one column per $user.key name (an empty
cell stores nothing), or JSON Lines of `{"contactNumber": ..., "values": {name: value}}`
(a null value stores nothing). Numbers are normalised as the webhooks normalise them, so a
value imported for `09979746666` is the one fetchUserPreferences finds for `+919979746666`;
names and values obey updateUserPreferences' limits. A number given twice merges its
values, the later line winning. The whole file is checked first, then written in one
transaction through the store's bulk path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flowhooks import phones
from flowhooks.contacts.rules import (
    EXPECTED_KEYS,
    EXPECTED_NAME,
    EXPECTED_VALUE,
    MAX_KEYS,
    valid_name,
    valid_value,
)
from flowhooks.migration.files import BadImportFile, Imported, csv_rows, jsonl_rows
from flowhooks.store import contacts as store
from flowhooks.store.database import Database

NUMBER = "contactNumber"
Contacts = dict[str, dict[str, str]]


def read(path: Path) -> Contacts:
    """Every contact's values in the file (E.164 number -> name -> value), or BadImportFile."""
    rows = _jsonl(path) if path.suffix.lower() in {".jsonl", ".ndjson"} else _csv(path)
    contacts: Contacts = {}
    for line, raw_number, values in rows:
        number = _number(line, raw_number)
        merged = contacts.setdefault(number, {})
        for name, value in values:
            if not valid_name(name):
                raise BadImportFile(line, f"{name!r} must be {EXPECTED_NAME}")
            if not valid_value(value):
                raise BadImportFile(line, f"the value of {name!r} must be {EXPECTED_VALUE}")
            merged[name] = value
        if len(merged) > MAX_KEYS:
            raise BadImportFile(line, f"{number} must have {EXPECTED_KEYS}, got {len(merged)}")
    return contacts


async def load(db: Database, account_id: int, path: Path, *, dry_run: bool) -> Imported:
    """Check the file, then (unless dry_run) store every value in one transaction."""
    contacts = read(path)
    if not dry_run:
        await store.import_values(db, account_id, contacts)
    return Imported(rows=len(contacts), written=not dry_run)


Row = tuple[int, Any, Iterable[tuple[str, str]]]


def _csv(path: Path) -> Iterator[Row]:
    for line, cells in csv_rows(path, (NUMBER,)):
        values = [(name, value) for name, value in cells.items() if name != NUMBER and value]
        yield line, cells[NUMBER], values


def _jsonl(path: Path) -> Iterator[Row]:
    for line, item in jsonl_rows(path):
        values = item.get("values", {})
        if not isinstance(values, dict):
            raise BadImportFile(line, '"values" must be an object of name -> value')
        yield (
            line,
            item.get(NUMBER),
            [(n, _text(line, n, v)) for n, v in values.items() if v is not None],
        )


def _text(line: int, name: str, value: Any) -> str:
    """A value as the webhooks store it: a string, a number or a boolean written as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise BadImportFile(line, f"the value of {name!r} must be a string, number or boolean")


def _number(line: int, raw: Any) -> str:
    if not isinstance(raw, str | int) or isinstance(raw, bool) or not str(raw).strip():
        raise BadImportFile(line, f"{NUMBER} must be {phones.EXPECTED_FORM}")
    try:
        return phones.normalize(str(raw))
    except ValueError as exc:
        raise BadImportFile(line, f"{NUMBER} {raw!r}: {exc}") from None
