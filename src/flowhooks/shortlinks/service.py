"""Creating and changing short links: the one place the seed's API, the REST API, the
linkcreation method and the CLI call.

A new random code is inserted under the table's unique constraint; a collision (rare:
56^8 codes) is retried with a fresh code in a fresh transaction, so two concurrent
creations can never share a code. The code generator is passed in, so tests can force a
collision deterministically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flowhooks.accounts import Account
from flowhooks.errors import Conflict, Gone, InvalidFormat, NotFound, ServiceUnavailable
from flowhooks.kinds import LATEST_YEAR
from flowhooks.shortlinks.codes import CodeGenerator, SlugRejected, code_generator, validate_slug
from flowhooks.shortlinks.settings import ShortLinkSettings
from flowhooks.shortlinks.urls import UrlRejected, validate_long_url
from flowhooks.store import shortlinks as store
from flowhooks.store.database import Database

REDIRECT_CODES = (301, 302, 307, 308)
MAX_CODE_ATTEMPTS = 8


class InvalidUrl(InvalidFormat):
    """The long URL cannot be shortened."""

    code = "INVALID_URL"


class InvalidShortLink(InvalidFormat):
    """A short-link field has a value that cannot be used."""

    code = "INVALID_SHORT_LINK"


class SlugTaken(Conflict):
    """This custom slug is already used by another short link."""

    code = "SLUG_TAKEN"


class ShortLinkNotFound(NotFound):
    """No short link has this code."""

    code = "SHORT_URL_NOT_FOUND"


class ShortLinkGone(Gone):
    """This short link has expired or reached its visit limit."""

    code = "SHORT_URL_GONE"


@dataclass(frozen=True)
class LinkRequest:
    """What a caller may set on a new link (None = the account's default)."""

    long_url: str
    slug: str | None = None
    expires_at: datetime | None = None
    max_visits: int | None = None
    redirect_code: int | None = None


def link_settings(account: Account) -> ShortLinkSettings:
    section: ShortLinkSettings = getattr(account.settings, "shortlinks", ShortLinkSettings())
    return section


def checked_url(raw: str) -> str:
    try:
        return validate_long_url(raw)
    except UrlRejected as exc:
        raise InvalidUrl(f"longUrl cannot be shortened: {exc}") from None


def checked_redirect_code(value: int | None, default: int) -> int:
    code = default if value is None else value
    if code not in REDIRECT_CODES:
        raise InvalidShortLink(f"redirectCode must be 301, 302, 307 or 308, got {code}")
    return code


# short_links.max_visits is a 32-bit INTEGER on PostgreSQL.
MAX_VISITS_LIMIT = 2_147_483_647


def checked_max_visits(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_VISITS_LIMIT:
        raise InvalidShortLink(f"maxVisits must be from 1 to {MAX_VISITS_LIMIT}, got {value}")
    return value


def checked_expiry(value: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise InvalidShortLink("expiresAt needs a time zone offset, e.g. 2030-01-31T18:00:00+05:30")
    if value.year > LATEST_YEAR:  # 9999-12-31T23:59:59-14:00 overflowed turning into UTC
        raise InvalidShortLink(f"expiresAt must be before the year {LATEST_YEAR + 1}")
    if value <= now:
        raise InvalidShortLink("expiresAt is in the past")
    return value


def short_url(account: Account, code: str, public_base_url: str, domain: str | None = None) -> str:
    """A link's short URL: on `domain` (where it was made) while the account still owns it,
    else the account's first domain, else the public base URL. A custom domain takes the
    public base URL's scheme."""
    domains = link_settings(account).domains
    chosen = domain if domain in domains else (domains[0] if domains else None)
    base = public_base_url.rstrip("/")
    if chosen is not None:
        base = f"{urlsplit(base).scheme or 'https'}://{chosen}"
    return f"{base}/{code}"


async def create_link(
    db: Database,
    account: Account,
    request: LinkRequest,
    *,
    now: datetime,
    generate: CodeGenerator | None = None,
) -> store.ShortLinkRow:
    """Validate and store a new link; a random code is retried on a collision."""
    settings = link_settings(account)
    values: dict[str, Any] = {
        "account_id": account.id,
        "long_url": checked_url(request.long_url),
        "redirect_code": checked_redirect_code(
            request.redirect_code, settings.default_redirect_code
        ),
        "expires_at": checked_expiry(request.expires_at, now),
        "max_visits": checked_max_visits(request.max_visits),
        "domain": settings.primary_domain,
    }
    if request.slug is not None:
        try:
            slug = validate_slug(request.slug)
        except SlugRejected as exc:
            raise InvalidShortLink(f"slug: {exc}") from None
        try:
            return await store.insert_link(db, code=slug, **values)
        except store.CodeTaken:
            raise SlugTaken(f"The slug {slug!r} is already taken") from None
    generate = generate or code_generator(settings.code_length)
    for _ in range(MAX_CODE_ATTEMPTS):
        try:
            return await store.insert_link(db, code=generate(), **values)
        except store.CodeTaken:
            continue
    raise ServiceUnavailable("No free short code was found; retry")


@dataclass(frozen=True)
class LinkChange:
    """An edit: only the fields named in `fields` are changed (None clears an optional one)."""

    fields: frozenset[str]
    long_url: str | None = None
    expires_at: datetime | None = None
    max_visits: int | None = None
    redirect_code: int | None = None


async def edit_link(
    db: Database, account_id: int | None, code: str, change: LinkChange, *, now: datetime
) -> store.ShortLinkRow:
    async with db.session() as session:
        row = await store.link_by_code(session, code, account_id)
        if row is None:
            raise ShortLinkNotFound(f"No short URL {code!r}")
        if "long_url" in change.fields:
            if change.long_url is None:
                raise InvalidUrl("longUrl cannot be removed")
            row.long_url = checked_url(change.long_url)
        if "redirect_code" in change.fields:
            row.redirect_code = checked_redirect_code(change.redirect_code, row.redirect_code)
        if "expires_at" in change.fields:
            row.expires_at = checked_expiry(change.expires_at, now)
        if "max_visits" in change.fields:
            row.max_visits = checked_max_visits(change.max_visits)
        row.updated_at = now
        await session.flush()
        return row


async def remove_link(db: Database, account_id: int | None, code: str) -> None:
    async with db.session() as session:
        row = await store.link_by_code(session, code, account_id)
        if row is None:
            raise ShortLinkNotFound(f"No short URL {code!r}")
        await store.delete_link(session, row.id)
