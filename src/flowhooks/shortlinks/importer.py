"""`flowhooks import short-links`: links already sent in SMS keep working after the move.

A CSV with `shortCode,longUrl` and optional `expiresAt,maxVisits,redirectCode,createdAt`.
Codes are kept exactly as they were, even where today's generator would not make them
(other letters, other lengths): any code the redirect door can serve is accepted, which is
one path segment of at most 64 characters with no space, `/`, `?` or `#`, and not one of
flowhooks' own path names. A code used twice in the file, or already used by a stored link,
refuses the file. An expiry in the past is kept: the link answers as expired, as it did.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flowhooks.accounts import Account
from flowhooks.errors import FlowhooksError
from flowhooks.migration.files import BadImportFile, Imported, csv_rows
from flowhooks.shortlinks.codes import is_reserved
from flowhooks.shortlinks.service import (
    checked_max_visits,
    checked_redirect_code,
    checked_url,
    link_settings,
)
from flowhooks.store import shortlinks as store
from flowhooks.store.database import Database

MAX_CODE = 64  # short_links.code
FORBIDDEN_IN_CODE = frozenset("/?#%\\")


def code_problem(code: str) -> str | None:
    """Why the redirect door could not serve this code; None when it can."""
    if not code:
        return "shortCode is empty"
    if len(code) > MAX_CODE:
        return f"shortCode is longer than {MAX_CODE} characters"
    if code in {".", ".."} or any(ch in FORBIDDEN_IN_CODE or not ch.isprintable() for ch in code):
        return f"shortCode {code!r} is not one path segment (no space, /, ?, #, % or \\)"
    if any(ch.isspace() for ch in code):
        return f"shortCode {code!r} has a space"
    if is_reserved(code):
        return f"shortCode {code!r} is one of flowhooks' own paths"
    return None


def read(path: Path, account: Account, now: datetime) -> list[tuple[int, dict[str, Any]]]:
    """Every link in the file as (line, row values), checked; or BadImportFile."""
    settings = link_settings(account)
    links: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for line, cells in csv_rows(path, ("shortCode", "longUrl")):
        code = cells["shortCode"]
        problem = code_problem(code)
        if problem is not None:
            raise BadImportFile(line, problem)
        if code in seen:
            raise BadImportFile(line, f"shortCode {code!r} is already on line {seen[code]}")
        seen[code] = line
        try:
            created = _moment(cells.get("createdAt"), "createdAt") or now
            values = {
                "code": code,
                "account_id": account.id,
                "long_url": checked_url(cells["longUrl"]),
                "redirect_code": checked_redirect_code(
                    _integer(cells.get("redirectCode"), "redirectCode"),
                    settings.default_redirect_code,
                ),
                "expires_at": _moment(cells.get("expiresAt"), "expiresAt"),
                "max_visits": checked_max_visits(_integer(cells.get("maxVisits"), "maxVisits")),
                "visit_count": 0,
                "domain": settings.primary_domain,
                "created_at": created,
                "updated_at": created,
            }
        except FlowhooksError as exc:
            raise BadImportFile(line, exc.message) from None
        links.append((line, values))
    return links


async def load(
    db: Database, account: Account, path: Path, *, dry_run: bool, now: datetime
) -> Imported:
    """Check the file and the codes already stored, then (unless dry_run) insert every link
    in one transaction."""
    links = read(path, account, now)
    async with db.read() as session:
        taken = await store.taken_codes(session, [values["code"] for _line, values in links])
    for line, values in links:
        if values["code"] in taken:
            raise BadImportFile(line, f"shortCode {values['code']!r} is already used by a link")
    if not dry_run:
        try:
            await store.insert_links(db, [values for _line, values in links])
        except store.CodeTaken:
            raise BadImportFile(None, "a code was taken while the file was imported") from None
    return Imported(rows=len(links), written=not dry_run)


class _Invalid(FlowhooksError):
    """A cell of the file has a value that cannot be used."""


def _integer(text: str | None, column: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise _Invalid(f"{column} must be a whole number, got {text!r}") from None


def _moment(text: str | None, column: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"{column} must be an ISO 8601 date-time, got {text!r}") from None
    if value.tzinfo is None:
        raise _Invalid(f"{column} needs a time zone offset, e.g. 2030-01-31T18:00:00+05:30")
    return value.astimezone(UTC)
