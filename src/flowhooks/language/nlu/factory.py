"""Choose an account's NLU provider from its settings (built in or Rasa)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from flowhooks.language.nlu.builtin import DEFAULT_TZ, BuiltinNlu, ModelCache
from flowhooks.language.nlu.provider import NluProvider
from flowhooks.language.nlu.rasa import RasaNlu
from flowhooks.language.nlu.settings import NluSettings


def provider_for(
    settings: NluSettings,
    *,
    cache: ModelCache,
    http: httpx.AsyncClient,
    clock: Callable[[], datetime],
    tz: ZoneInfo = DEFAULT_TZ,
) -> NluProvider:
    """The provider these settings name, sharing the process's model cache and HTTP client."""
    if settings.provider == "rasa" and settings.rasa_url:
        token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
        return RasaNlu(
            http,
            settings.rasa_url,
            threshold=settings.threshold,
            timeout_seconds=settings.timeout_seconds,
            token=token,
            clock=clock,
            tz=tz,
        )
    model = cache.model_for(settings.intents_yaml)
    return BuiltinNlu(model, threshold=settings.threshold, clock=clock, tz=tz)
