"""The invocation log's filters: the query string read into an `InvocationQuery`.

Every filter a designer debugs with: contact number (any common form, matched as E.164),
flow ID, error code, status, method, path, free text, a time preset or a custom range, and
which accounts (the selected one, all, or the calls that named no resolvable account).
A filter that cannot be read is an error the page shows instead of rows, never silently
dropped: a bad date would otherwise list everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from starlette.datastructures import QueryParams

from flowhooks import phones
from flowhooks.http.console import zones
from flowhooks.store.invocations import InvocationQuery

PAGE_SIZE = 50
STATUSES = ("SUCCESS", "FAILED")
PRESETS: dict[str, tuple[str, timedelta]] = {
    "15m": ("last 15 minutes", timedelta(minutes=15)),
    "1h": ("last hour", timedelta(hours=1)),
    "24h": ("last 24 hours", timedelta(hours=24)),
    "7d": ("last 7 days", timedelta(days=7)),
}
SCOPES = {"mine": "this account", "all": "all accounts", "none": "no account"}
TEXT_FIELDS = ("q", "contact", "flow_id", "error_code", "path", "since", "until")


@dataclass
class LogFilters:
    """The filters as the form shows them, the query they make and what was wrong."""

    values: dict[str, str]
    query: InvocationQuery
    page: int
    errors: list[str] = field(default_factory=list)


def _page(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 100_000 else 1


def read(
    params: QueryParams, *, zone: ZoneInfo, now: datetime, account_id: int | None
) -> LogFilters:
    """The filters in `params`; `errors` names each one that could not be read."""
    values = {name: (params.get(name) or "").strip() for name in TEXT_FIELDS}
    values["method"] = params.get("method") or ""
    values["status"] = params.get("status") or ""
    values["range"] = params.get("range") or ""
    scope = params.get("scope") or ("all" if params.get("all_accounts") == "1" else "mine")
    values["scope"] = scope if scope in SCOPES else "mine"
    errors: list[str] = []
    if values["status"] and values["status"] not in STATUSES:
        errors.append(f"status: {values['status']!r} is not one of {', '.join(STATUSES)}")
    contact = None
    if values["contact"]:
        try:
            contact = phones.normalize(values["contact"])
        except ValueError as exc:
            errors.append(f"contact: {exc}; expected {phones.EXPECTED_FORM}")
    since = until = None
    if values["range"] in PRESETS:
        since = now - PRESETS[values["range"]][1]
    elif values["range"]:
        errors.append(f"range: {values['range']!r} is not one of {', '.join(PRESETS)}")
    else:
        for name in ("since", "until"):
            try:
                moment = zones.parse_local(values[name], zone)
            except ValueError as exc:
                errors.append(f"{name}: {exc}")
                continue
            if name == "since":
                since = moment
            else:
                until = moment
    query = InvocationQuery(
        account_id=account_id if values["scope"] == "mine" else None,
        no_account=values["scope"] == "none",
        method=values["method"] or None,
        status=values["status"] or None,
        since=since,
        until=until,
        contact=contact,
        flow_id=values["flow_id"] or None,
        error_code=values["error_code"] or None,
        path=values["path"] or None,
        text=values["q"] or None,
        limit=PAGE_SIZE,
        offset=(_page(params.get("page")) - 1) * PAGE_SIZE,
    )
    return LogFilters(values, query, _page(params.get("page")), errors)
