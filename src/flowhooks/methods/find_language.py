"""FindLanguage: which language a caller's text is in, offline, in well under a millisecond.

English and the scheduled Indian languages in their own scripts, and Hindi written in Latin
letters ("mera naam john hai" is Hindi, isRomanized=true). See docs/language.md.
"""

from __future__ import annotations

import asyncio

from flowhooks import kinds
from flowhooks.language.detect import detect_language, hinglish
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

SERVICE = "googleapiwebhook-v1"
MAX_TEXT = 5000


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    text: str = inputs["inputText"] or ""
    if hinglish.lexicon_ready():
        guess = detect_language(text)
    else:  # first use in this process (no warm-up ran): build the lexicon off the event loop
        guess = await asyncio.to_thread(detect_language, text)
    return {
        "language": guess.language,
        "languageCode": guess.code,
        "languageConfidence": f"{guess.confidence:.3f}".rstrip("0").rstrip(".") or "0",
        "script": guess.script,
        "isRomanized": "true" if guess.is_romanized else "false",
    }


METHOD = Method(
    name="FindLanguage",
    service=SERVICE,
    summary="Detect the language of a text: English, Indian languages, romanised Hindi.",
    description=(
        "Offline, no provider. The script of the letters decides most languages (Tamil, "
        "Telugu, Gurmukhi...); Devanagari is told apart as Hindi or Marathi, and Latin text "
        "as English, romanised Hindi (Hinglish) or another romanised Indian language (Tamil, "
        "Telugu, Marathi, Bengali, Gujarati, Kannada, Malayalam, Punjabi). In mixed text the "
        "native-script words decide and `script` is `Mixed`. A text without letters is `Unknown` "
        "(code `und`, confidence 0). Codes are ISO 639-1 (ISO 639-2/3 where a language has "
        "no two-letter code, such as Santali `sat`)."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        Param(
            "inputText",
            kinds.Text(max_length=MAX_TEXT),
            required=True,
            example="mera naam john hai",
            description="The text whose language is wanted (what the caller said or typed).",
        ),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            example="1",
            description="The account (optional: detection is the same for every account).",
        ),
    ),
    outputs=(
        Output("language", "Hindi", "English name of the language, or Unknown."),
        Output("languageCode", "hi", "ISO 639-1 code (und when unknown)."),
        Output("languageConfidence", "0.995", "How sure, from 0 to 1."),
        Output(
            "script", "Latin", "Writing system: Latin, Devanagari, Bengali, Tamil..., or Mixed."
        ),
        Output("isRomanized", "true", "true when an Indian language is written in Latin."),
    ),
    examples=(
        Example({"inputText": "mera naam john hai"}),
        Example({"inputText": "माझे नाव राहुल आहे"}),
    ),
    run=run,
)
