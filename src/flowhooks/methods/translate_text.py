"""translateText (googleapiwebhook-v1): translate a prompt or what the caller said.

The account chooses the provider (Google Cloud Translation v2 or LibreTranslate), its key
and its time budget; the webhook's `apiKey` wins over the account's key and is never logged
or stored. Successful translations are cached in the database for `cache_days`, so a
prompt translated once is answered again without a provider call, by any process.
"""

from __future__ import annotations

from flowhooks import kinds
from flowhooks.language.translation.factory import build_translator, effective_key, key_fingerprint
from flowhooks.language.translation.kind import LanguageKind
from flowhooks.language.translation.names import english_name
from flowhooks.language.translation.service import AUTO, translate_cached
from flowhooks.language.translation.settings import TranslationSettings
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param
from flowhooks.store.translation import DatabaseTranslationCache

SERVICE = "googleapiwebhook-v1"
MAX_TEXT = 5000  # Google's recommended maximum per request, in code points


def _name(code: str | None) -> str:
    """The English name of a code; an unknown code the provider detected is kept as is."""
    if not code:
        return ""
    try:
        return english_name(code)
    except ValueError:
        return code


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    settings = ctx.account.settings.translation if ctx.account else TranslationSettings()
    text: str = inputs["inputText"]
    target: str = inputs["targetLang"]
    given: str | None = inputs["sourceLang"]
    source = None if given in (None, AUTO) else given
    api_key: str | None = inputs["apiKey"]
    translator = build_translator(
        settings, ctx.http, api_key=api_key, google_base_url=ctx.settings.google_translate_url
    )
    outcome = await translate_cached(
        translator,
        DatabaseTranslationCache(ctx.db),
        text,
        target,
        source,
        now=ctx.now(),
        cache_days=settings.cache_days,
        inflight=ctx.translations_in_flight,
        credential=key_fingerprint(effective_key(settings, api_key)),
    )
    detected = outcome.translation.detected_source or source
    ctx.log.debug(
        "text_translated",
        provider=settings.provider,
        cached=outcome.cached,
        shared=outcome.shared,
        source=source or AUTO,
        target=target,
        detected=detected,
        characters=len(text),
    )
    return {
        "translatedText": outcome.translation.text,
        "detectedSourceLanguage": _name(detected),
        "detectedSourceLanguageCode": detected or "",
    }


METHOD = Method(
    name="translateText",
    service=SERVICE,
    summary="Translate text into another language (Google Cloud Translation v2 or LibreTranslate).",
    description=(
        "Languages may be English names (Hindi), native names (हिन्दी) or codes (hi, hi-IN). "
        "Without sourceLang (or with auto) the provider detects it. The provider, key, "
        "LibreTranslate URL, time budget (default 3 s) and cache days come from the account's "
        "`translation` settings; `apiKey` overrides the key for this call. A provider error is "
        "a 502 UPSTREAM_ERROR and a provider slower than the budget a 504 UPSTREAM_TIMEOUT, "
        "both with the provider's message; a language the provider refuses is a 422."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        Param(
            "inputText",
            kinds.Text(max_length=MAX_TEXT, allow_empty=False),
            required=True,
            example="Your appointment is confirmed for tomorrow at 10 AM.",
            description="The text to translate.",
        ),
        Param(
            "sourceLang",
            LanguageKind(allow_auto=True),
            example="auto",
            description="The language of inputText; absent or auto to detect it.",
        ),
        Param(
            "targetLang",
            LanguageKind(),
            required=True,
            example="Hindi",
            description="The language to translate into.",
        ),
        Param(
            "apiKey",
            kinds.Token(max_length=512),
            secret=True,
            description="A provider API key for this call; default: the account's key.",
        ),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            scope="$user.syskey",
            example="1",
            description="The account whose translation settings apply.",
        ),
    ),
    outputs=(
        Output("translatedText", "आपकी अपॉइंटमेंट कल सुबह 10 बजे के लिए पक्की है।", "The translation."),
        Output(
            "detectedSourceLanguage",
            "English",
            "The source language in English: the detected one, or sourceLang when given.",
        ),
        Output("detectedSourceLanguageCode", "en", "The same language as a provider code."),
    ),
    examples=(
        Example(
            {
                "$flow.key.inputText": "Your appointment is confirmed for tomorrow at 10 AM.",
                "$flow.key.targetLang": "Hindi",
                "$flow.key.apiKey": "YOUR_GOOGLE_API_KEY",
            },
            title="English prompt to Hindi, source detected",
        ),
    ),
    run=run,
)
