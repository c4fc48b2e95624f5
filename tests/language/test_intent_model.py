"""The softmax intent model, out_of_scope, greet, and the issue-17 callers' sentences."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from flowhooks.language import evaluation as ev
from flowhooks.language.nlu.builtin import BuiltinNlu, train
from flowhooks.language.nlu.classifier import IntentModel
from flowhooks.language.nlu.provider import apply_threshold

EVAL = Path(__file__).resolve().parents[2] / "eval"


@lru_cache(maxsize=1)
def starter() -> IntentModel:
    return train(None)


@lru_cache(maxsize=1)
def report() -> ev.IntentReport:
    return ev.evaluate_intents(EVAL / "intents.tsv")


def test_scores_are_probabilities() -> None:
    """Every intent gets a probability; they sum to one, best first."""
    ranking = starter().rank("haan theek hai")
    assert sum(score.score for score in ranking) == pytest.approx(1.0)
    assert [s.score for s in ranking] == sorted((s.score for s in ranking), reverse=True)


@pytest.mark.parametrize(
    "text",
    [
        "mujhe naya sim card chahiye",
        "policy number 8 8 7 6 ka status batao",
        "please mera plan change karo",
        "how do i update my kyc please",
    ],
)
async def test_domain_requests_without_an_intent_fall_back(text: str) -> None:
    """out_of_scope wins and answers nlu_fallback, with the best real intent's confidence."""
    result = await BuiltinNlu(starter()).parse(text)
    assert (result.intent, result.is_fallback) == ("nlu_fallback", True)
    assert result.confidence < 0.5


def test_out_of_scope_is_a_fallback_whatever_the_threshold() -> None:
    """An account's own out_of_scope intent answers as nlu_fallback even above threshold."""
    assert apply_threshold("out_of_scope", 0.99, 0.5) == ("nlu_fallback", True)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Good Morning", "greet"),
        ("नमस्ते", "greet"),
        ("accha theek hai rakhti hoon", "goodbye"),
        ("haan bataiye na", "affirm"),
    ],
)
async def test_callers_sentences_get_their_intent(text: str, intent: str) -> None:
    """A greeting is greet; 'rakhti hoon' is goodbye; 'na' after a verb is not a no."""
    result = await BuiltinNlu(starter()).parse(text)
    assert result.intent == intent


async def test_na_after_a_verb_is_not_no() -> None:
    """'haan bataiye na' is yesNo=yes; 'ek baar aur' carries no number."""
    nlu = BuiltinNlu(starter())
    assert (await nlu.parse("haan bataiye na")).entities.get("yesNo") == "yes"
    assert "number" not in (await nlu.parse("ek baar aur")).entities


def test_intent_targets_hold_per_language() -> None:
    """600+ held-out utterances: accuracy >= 95%, fallback recall and precision >= 90%,
    each for English, Hindi and Hinglish."""
    found = report()
    assert found.total >= 600
    assert sum(1 for a in found.answers if a[1] == "nlu_fallback") >= 120
    for variety in ev.VARIETIES:
        assert found.variety_accuracy(variety) >= ev.TARGET_INTENT_ACCURACY, found.errors
        assert found.fallback_recall(variety) >= ev.TARGET_FALLBACK_RECALL, found.errors
        assert found.fallback_precision(variety) >= ev.TARGET_FALLBACK_PRECISION, found.errors
