"""The one interface every NLU provider (built in, Rasa) answers through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from flowhooks.language.nlu.training_data import FALLBACK_INTENT, OUT_OF_SCOPE_INTENT


@dataclass(frozen=True, slots=True)
class NluResult:
    """What an utterance means: the intent (or `nlu_fallback`) and the entities found."""

    intent: str
    confidence: float  # 0..1, of the best intent even when it fell back
    is_fallback: bool
    normalized_text: str
    entities: dict[str, str] = field(default_factory=dict)


class NluProvider(Protocol):
    """Parse one utterance; raise flowhooks.errors.UpstreamError/UpstreamTimeout on failure."""

    async def parse(self, text: str, language: str | None = None) -> NluResult: ...


def apply_threshold(intent: str, confidence: float, threshold: float) -> tuple[str, bool]:
    """The intent to answer and whether it is the fallback.

    Falls back below the threshold, and when the best intent is `out_of_scope` (trained on
    requests the bot has no intent for, as Rasa's convention names them).
    """
    if intent in (FALLBACK_INTENT, OUT_OF_SCOPE_INTENT) or not intent or confidence < threshold:
        return FALLBACK_INTENT, True
    return intent, False
