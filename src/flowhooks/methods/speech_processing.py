"""speechprocessing: what the caller meant (intent) and the values they said (entities).

The account's NLU settings choose the provider: built in (offline; the account's intents
or the starter set, trained once per process and kept in memory) or a Rasa server. Below
the threshold the intent is `nlu_fallback` with isFallback=true. See docs/language.md.
"""

from __future__ import annotations

import asyncio

from flowhooks import kinds
from flowhooks.language.nlu.builtin import DEFAULT_TZ
from flowhooks.language.nlu.entities import ENTITY_NAMES
from flowhooks.language.nlu.factory import provider_for
from flowhooks.language.nlu.settings import NluSettings
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

SERVICE = "hdfcsenseforthwebhook-v1"
MAX_TEXT = 2000


class Fraction(kinds.Kind[float]):
    """A recogniser confidence: 0 to 1, or a percentage 0 to 100 (divided by 100)."""

    def __init__(self) -> None:
        super().__init__(max_length=32)

    def describe(self) -> str:
        return "a number from 0 to 1 (or a percentage from 0 to 100)"

    def convert(self, raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError("it is not a number") from None
        if not 0.0 <= value <= 100.0:
            raise ValueError("it is out of range")
        return value / 100.0 if value > 1.0 else value


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    text: str = inputs["speechText"]
    settings = ctx.account.settings.nlu if ctx.account else NluSettings()
    cache = ctx.nlu_models
    if settings.provider == "builtin" and not cache.has(settings.intents_yaml):
        # First use of these intents in this process: train off the event loop.
        await asyncio.to_thread(cache.model_for, settings.intents_yaml)
    provider = provider_for(
        settings,
        cache=cache,
        http=ctx.http,
        clock=ctx.now,
        tz=ctx.account.timezone if ctx.account else DEFAULT_TZ,
    )
    result = await provider.parse(text, inputs["language"])
    ctx.log.debug(
        "speech_understood",
        provider=settings.provider,
        intent=result.intent,
        confidence=result.confidence,
        asr_confidence=inputs["asrConfidence"],
        entities=sorted(result.entities),
    )
    outputs = {
        "intent": result.intent,
        "intentConfidence": f"{result.confidence:.4f}".rstrip("0").rstrip(".") or "0",
        "isFallback": "true" if result.is_fallback else "false",
        "normalizedText": result.normalized_text,
    }
    for name, value in result.entities.items():
        outputs[f"entity_{name}"] = value
    return outputs


_ENTITY_EXAMPLES = {
    "date": ("2026-11-29", "A date said (kal, tomorrow, 8 december ko), ISO."),
    "time": ("18:00", "A time of day (shaam 6 baje, 6 pm), 24-hour HH:MM."),
    "number": ("2500", "A number in digits or words (do hazaar paanch sau)."),
    "amount": ("500", "A number said with a currency (₹500, Rs 500, पाँच सौ रुपये)."),
    "yesNo": ("yes", "yes or no (haan ji, जी नहीं, nope)."),
    "phone": ("+919979746666", "A phone number written or spoken digit by digit, E.164."),
    "digits": ("0012", "Digits said one by one (PIN, OTP, account number), zeros kept."),
}

METHOD = Method(
    name="speechprocessing",
    service=SERVICE,
    summary="Understand what the caller said: intent, confidence and entities.",
    description=(
        "English, Hindi and Hinglish. Providers (account setting `nlu.provider`): `builtin` "
        "(offline; the account's intents uploaded with `flowhooks nlu train` or "
        "`PUT /api/v1/accounts/{id}/nlu/intents`, else the starter set affirm, deny, "
        "talk_to_agent, repeat, request_callback, goodbye, greet) or `rasa` (`POST "
        "{base}/model/parse`). Below the account's threshold (default 0.5), or when the "
        "`out_of_scope` intent wins, the intent is `nlu_fallback`. Empty speech "
        "is 422 MISSING_PARAMETER (branch on no-input before calling). A Rasa error is 502 "
        "UPSTREAM_ERROR, a Rasa slower than the account's timeout (default 3 s) 504 "
        "UPSTREAM_TIMEOUT."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        Param(
            "speechText",
            kinds.Text(max_length=MAX_TEXT),
            required=True,
            example="haan ji, kal shaam 6 baje call karna",
            description="What the caller said, as the speech recogniser wrote it.",
        ),
        Param("cli", kinds.Text(max_length=32), example="919979746666", description="Caller."),
        Param(
            "language",
            kinds.Text(max_length=40),
            example="hi-IN",
            description="The recogniser's language, if known (a hint; not required).",
        ),
        Param(
            "asrConfidence",
            Fraction(),
            example="0.87",
            description="The recogniser's confidence (logged with the result).",
        ),
        Param("botId", kinds.Text(max_length=100), example="bot-7", description="Bot, if any."),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            example="1",
            description="The account whose intents and provider to use (else the starter set).",
        ),
    ),
    outputs=(
        Output("intent", "request_callback", "The intent, or nlu_fallback."),
        Output("intentConfidence", "0.82", "Confidence of the best intent, 0 to 1."),
        Output("isFallback", "false", "true when the intent is nlu_fallback."),
        Output(
            "normalizedText", "haan ji kal shaam 6 baje call karna", "Lower case, no punctuation."
        ),
        *(
            Output(f"entity_{name}", example, description)
            for name, (example, description) in _ENTITY_EXAMPLES.items()
        ),
    ),
    dynamic_outputs=(
        "One entity_<name> per entity found ("
        + ", ".join(ENTITY_NAMES)
        + "; a Rasa model's own entities keep their names)."
    ),
    examples=(
        Example({"speechText": "haan ji, kal shaam 6 baje call karna", "accountID": "1"}),
        Example({"speechText": "मुझे एजेंट से बात करनी है"}),
    ),
    run=run,
)
