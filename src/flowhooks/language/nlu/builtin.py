"""The built-in NLU provider: the in-memory intent model plus the entity extractors.

Models are trained per intents text and kept per process (`ModelCache`): an account's
model is rebuilt only when its intents change, keyed by a hash of the YAML.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from flowhooks.language.nlu.classifier import IntentModel
from flowhooks.language.nlu.entities import extract_entities
from flowhooks.language.nlu.normalize import normalize_text
from flowhooks.language.nlu.provider import NluResult, apply_threshold
from flowhooks.language.nlu.training_data import (
    FALLBACK_INTENT,
    OUT_OF_SCOPE_INTENT,
    parse_training_data,
)

DEFAULT_TZ = ZoneInfo("Asia/Kolkata")


@lru_cache(maxsize=1)
def starter_intents_yaml() -> str:
    """The starter intents shipped with flowhooks (affirm, deny, talk_to_agent, ...)."""
    data = resources.files("flowhooks.language.data").joinpath("starter_intents.yml")
    return data.read_text("utf-8")


def train(intents_yaml: str | None) -> IntentModel:
    """Train a model from intents YAML (None = the starter set); ValueError if invalid."""
    return IntentModel(parse_training_data(intents_yaml or starter_intents_yaml()))


class ModelCache:
    """Trained models by intents text, shared by the requests of one process (LRU-bounded)."""

    def __init__(self, max_models: int = 256) -> None:
        self._models: OrderedDict[str, IntentModel] = OrderedDict()
        self._max = max_models
        self._lock = threading.Lock()

    @staticmethod
    def _key(intents_yaml: str | None) -> str:
        return hashlib.sha256((intents_yaml or "").encode()).hexdigest()

    def has(self, intents_yaml: str | None) -> bool:
        """Whether a model for these intents is already trained in this process."""
        return self._key(intents_yaml) in self._models

    def model_for(self, intents_yaml: str | None) -> IntentModel:
        """The model for these intents, trained now if no process request trained it yet."""
        key = self._key(intents_yaml)
        with self._lock:
            model = self._models.get(key)
            if model is not None:
                self._models.move_to_end(key)
                return model
        model = train(intents_yaml)
        with self._lock:
            self._models[key] = model
            while len(self._models) > self._max:
                self._models.popitem(last=False)
        return model

    def __len__(self) -> int:
        return len(self._models)


class BuiltinNlu:
    """NluProvider answering from a trained IntentModel, offline."""

    def __init__(
        self,
        model: IntentModel,
        *,
        threshold: float = 0.5,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: ZoneInfo = DEFAULT_TZ,
    ) -> None:
        self._model = model
        self._threshold = threshold
        self._clock = clock
        self._tz = tz

    async def parse(self, text: str, language: str | None = None) -> NluResult:
        """Intent and entities of `text` (language is not needed: the model is multilingual)."""
        ranking = self._model.rank(text)
        best = ranking[0] if ranking else None
        if best is not None and best.intent == OUT_OF_SCOPE_INTENT:
            # The fallback answers with the best real intent's confidence, as below threshold.
            known = [score for score in ranking if score.intent != OUT_OF_SCOPE_INTENT]
            confidence = round(known[0].score, 4) if known else 0.0
            intent, fallback = FALLBACK_INTENT, True
        else:
            confidence = round(best.score, 4) if best else 0.0
            name = best.intent if best else ""
            intent, fallback = apply_threshold(name, confidence, self._threshold)
        return NluResult(
            intent=intent,
            confidence=confidence,
            is_fallback=fallback,
            normalized_text=normalize_text(text),
            entities=extract_entities(text, now=self._clock(), tz=self._tz),
        )
