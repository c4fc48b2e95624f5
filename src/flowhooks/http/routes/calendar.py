"""Admin API for account calendars: the holidays an account observes in a year.

Calendar settings themselves change through `PATCH /api/v1/accounts/{id}` (section
`calendar`); this route shows their effect, library and own holidays merged.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from flowhooks.auth.api_tokens import require_admin
from flowhooks.calendar.admin import list_holidays
from flowhooks.http.deps import AccountId, runtime

router = APIRouter(prefix="/api/v1", tags=["admin"], dependencies=[Depends(require_admin)])


@router.get("/accounts/{account_id}/holidays", summary="An account's holidays in a year")
async def account_holidays(request: Request, account_id: AccountId, year: int) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        holidays = await list_holidays(session, account_id, year)
    return {"accountId": account_id, "year": year, "holidays": holidays}
