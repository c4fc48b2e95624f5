"""The built-in intent model: trained in milliseconds, multilingual, with a fallback threshold."""

from __future__ import annotations

import time

import pytest

from flowhooks.language.nlu.builtin import BuiltinNlu, ModelCache, train

CUSTOM = """
nlu:
- intent: check_balance
  examples: |
    - what is my balance
    - mera balance kitna hai
    - मेरा बैलेंस बताइए
- intent: block_card
  examples: |
    - block my card
    - mera card block karo
    - मेरा कार्ड ब्लॉक कर दो
"""


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes please go ahead", "affirm"),
        ("haan ji", "affirm"),
        ("जी हाँ", "affirm"),
        ("nahi chahiye", "deny"),
        ("connect me to an agent", "talk_to_agent"),
        ("dobara boliye", "repeat"),
        ("call me back tomorrow", "request_callback"),
        ("धन्यवाद", "goodbye"),
    ],
)
async def test_starter_set_understands_three_varieties(text: str, intent: str) -> None:
    """English, Hindi and Hinglish utterances get the starter intent they mean."""
    result = await BuiltinNlu(train(None)).parse(text)
    assert (result.intent, result.is_fallback) == (intent, False)
    assert result.confidence >= 0.5


async def test_off_topic_utterance_falls_back() -> None:
    """An utterance matching no intent is nlu_fallback with isFallback true."""
    result = await BuiltinNlu(train(None)).parse("blue elephant")
    assert (result.intent, result.is_fallback) == ("nlu_fallback", True)
    assert result.confidence < 0.5


async def test_threshold_is_the_accounts() -> None:
    """With threshold 0.99 a paraphrase falls back; with 0.0 a weak match is answered."""
    model = train(None)
    strict = await BuiltinNlu(model, threshold=0.99).parse("okay then")
    lenient = await BuiltinNlu(model, threshold=0.0).parse("that works")
    assert strict.is_fallback
    assert strict.intent == "nlu_fallback"
    assert not lenient.is_fallback


async def test_hindi_example_teaches_hinglish() -> None:
    """An intent taught only in Devanagari recognises the same words in Latin letters."""
    model = train(
        "nlu:\n- intent: loan\n  examples: ['मुझे लोन चाहिए']\n"
        "- intent: card\n  examples: ['मुझे कार्ड चाहिए']\n"
    )
    assert (await BuiltinNlu(model).parse("mujhe loan chahiye")).intent == "loan"


async def test_custom_intents_replace_the_starter_set() -> None:
    """An account's own intents are the only ones answered."""
    provider = BuiltinNlu(train(CUSTOM))
    assert (await provider.parse("balance kitna hai")).intent == "check_balance"
    assert (await provider.parse("कार्ड ब्लॉक करो")).intent == "block_card"


async def test_normalized_text_is_plain() -> None:
    """normalizedText is lower case, without punctuation, one space between words."""
    result = await BuiltinNlu(train(None)).parse("  Yes,  PLEASE!! ")
    assert result.normalized_text == "yes please"


def test_training_and_answers_are_fast() -> None:
    """The starter set trains in under two seconds and answers in a few milliseconds at most."""
    started = time.perf_counter()
    model = train(None)
    assert time.perf_counter() - started < 2.0
    for text in ("haan theek hai", "please call me back later", "मुझे एजेंट से बात करनी है"):
        model.rank(text)
        best = float("inf")
        for _ in range(5):  # best of five: a loaded test machine adds pauses, not work
            started = time.perf_counter()
            model.rank(text)
            best = min(best, time.perf_counter() - started)
        assert best < 0.005


def test_model_cache_trains_once_per_intents_text() -> None:
    """The same intents text gives the same model object; new intents give a new one."""
    cache = ModelCache()
    assert not cache.has(CUSTOM)
    first = cache.model_for(CUSTOM)
    assert cache.has(CUSTOM)
    assert cache.model_for(CUSTOM) is first
    assert cache.model_for(None) is not first
    assert len(cache) == 2
