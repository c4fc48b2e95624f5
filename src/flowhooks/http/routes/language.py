"""Admin API for an account's NLU intents: upload (train), show, reset, and try a sentence.

PUT    /api/v1/accounts/{id}/nlu/intents   body: the intents YAML (Rasa nlu.yml form)
GET    /api/v1/accounts/{id}/nlu/intents
DELETE /api/v1/accounts/{id}/nlu/intents   back to the starter set
POST   /api/v1/accounts/{id}/nlu/parse     {"text": "..."} → what speechprocessing answers
"""

from __future__ import annotations

import asyncio
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from flowhooks.accounts import service
from flowhooks.auth.api_tokens import require_admin
from flowhooks.errors import InvalidParameter
from flowhooks.http.deps import AccountId, runtime
from flowhooks.language.nlu import account_intents
from flowhooks.language.nlu.factory import provider_for

router = APIRouter(prefix="/api/v1", tags=["nlu"], dependencies=[Depends(require_admin)])


# The body is YAML; its structure, written as a schema, lets clients (and the fuzzing) build one.
_INTENTS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": account_intents.EXPECTED,
        "content": {
            "application/yaml": {
                "schema": {
                    "type": "object",
                    "required": ["nlu"],
                    "properties": {
                        "nlu": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["intent", "examples"],
                                "properties": {
                                    "intent": {"type": "string"},
                                    "examples": {"type": "string"},
                                },
                            },
                        }
                    },
                },
                "example": "nlu:\n- intent: affirm\n  examples: |\n    - yes\n    - haan\n",
            }
        },
    }
}


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)


@router.put(
    "/accounts/{account_id}/nlu/intents",
    summary="Upload an account's intents (YAML)",
    openapi_extra=_INTENTS_BODY,
)
async def upload_intents(request: Request, account_id: AccountId) -> dict[str, Any]:
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidParameter("intents", account_intents.EXPECTED, reason="not UTF-8") from None
    rt = runtime(request)
    async with rt.db.session() as session:
        answer = await account_intents.store_intents(session, account_id, text)
    rt.forget_account(account_id)
    # Train now (off the event loop), not on the next caller's request.
    await asyncio.to_thread(rt.nlu_models.model_for, text)
    return {"accountId": account_id, **answer}


@router.get("/accounts/{account_id}/nlu/intents", summary="Show an account's intents")
async def show_intents(request: Request, account_id: AccountId) -> dict[str, Any]:
    async with runtime(request).db.read() as session:
        answer = await account_intents.current_intents(session, account_id)
    return {"accountId": account_id, **answer}


@router.delete(
    "/accounts/{account_id}/nlu/intents", status_code=204, summary="Back to the starter intents"
)
async def reset_intents(request: Request, account_id: AccountId) -> Response:
    rt = runtime(request)
    async with rt.db.session() as session:
        await account_intents.reset_intents(session, account_id)
    rt.forget_account(account_id)
    return Response(status_code=204)


@router.post("/accounts/{account_id}/nlu/parse", summary="Try a sentence on the account's NLU")
async def try_parse(request: Request, account_id: AccountId, body: ParseRequest) -> dict[str, Any]:
    rt = runtime(request)
    async with rt.db.read() as session:
        row = await service.get_or_404(session, account_id)
        settings = service.validate_settings(row.settings or {})
        timezone = row.timezone
    provider = provider_for(
        settings.nlu, cache=rt.nlu_models, http=rt.http, clock=rt.now, tz=ZoneInfo(timezone)
    )
    result = await provider.parse(body.text)
    return {
        "intent": result.intent,
        "intentConfidence": result.confidence,
        "isFallback": result.is_fallback,
        "normalizedText": result.normalized_text,
        "entities": result.entities,
    }
