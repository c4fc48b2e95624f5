"""A TF-IDF nearest-neighbour intent model: trained in milliseconds, answers in well under one.

Training keeps every example as an L2-normalised TF-IDF vector: one column of a dense
feature × example matrix (numpy), examples grouped by intent. An utterance's cosine with
every example is one product of its few known features' rows with its weights; an intent's
score is the mean of its best two positive cosines (its single best when only one example
shares a feature), so one lucky example does not outweigh an intent that matches
consistently. (A pure-Python inverted index cost ~55% of speechprocessing's CPU.)

Raw cosines of paraphrases are low (an unseen paraphrase of a known intent typically scores
0.3-0.5, an off-topic utterance 0.1-0.3), so scores are calibrated with a power curve that
maps cosine 0.3 to confidence 0.5, 0 to 0 and 1 to 1: the contract's default fallback
threshold of 0.5 then sits where known and unknown utterances separate.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from flowhooks.language.nlu.features import features_of
from flowhooks.language.nlu.training_data import TrainingData

_NEIGHBOURS = 2
_CALIBRATION_ANCHOR = 0.3  # the cosine that calibrates to confidence 0.5
_CALIBRATION_POWER = math.log(0.5) / math.log(_CALIBRATION_ANCHOR)


def calibrate(cosine: float) -> float:
    """Map a cosine similarity (0..1) to a confidence (0..1), monotonically."""
    return float(max(0.0, min(1.0, cosine)) ** _CALIBRATION_POWER)


@dataclass(frozen=True, slots=True)
class IntentScore:
    """One intent and how well the utterance matches it."""

    intent: str
    score: float


class IntentModel:
    """Intent scores for utterances, from example phrases."""

    def __init__(self, data: TrainingData) -> None:
        examples = [(intent, text) for intent, texts in data.intents.items() for text in texts]
        counts = [features_of(text) for _, text in examples]
        document_frequency: dict[str, int] = defaultdict(int)
        for feature_counts in counts:
            for feature in feature_counts:
                document_frequency[feature] += 1
        total = len(examples)
        self._unseen_idf = math.log(1.0 + total) + 1.0
        self._idf = {
            feature: math.log((1.0 + total) / (1.0 + df)) + 1.0
            for feature, df in document_frequency.items()
        }
        self.intents = tuple(data.intents)
        self._features = {feature: row for row, feature in enumerate(self._idf)}
        self._matrix = np.zeros((len(self._features), total), dtype=np.float64)  # ~5 MB
        for column, feature_counts in enumerate(counts):
            for feature, weight in self._vector(feature_counts).items():
                self._matrix[self._features[feature], column] = weight
        # Examples are listed intent by intent: each intent owns one slice of the columns.
        self._slices: list[tuple[str, int, int]] = []
        start = 0
        for intent in self.intents:
            end = start + len(data.intents[intent])
            self._slices.append((intent, start, end))
            start = end
        self._segment = np.repeat(np.arange(len(self._slices)), [e - s for _, s, e in self._slices])

    def _vector(self, counts: dict[str, int]) -> dict[str, float]:
        idf, unseen = self._idf, self._unseen_idf
        weights = {
            feature: (1.0 if count == 1 else 1.0 + math.log(count)) * idf.get(feature, unseen)
            for feature, count in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {feature: w / norm for feature, w in weights.items()}

    def rank(self, text: str) -> list[IntentScore]:
        """Every intent with its calibrated confidence, best first (0..1)."""
        rows: list[int] = []
        weights: list[float] = []
        for feature, weight in self._vector(features_of(text)).items():
            row = self._features.get(feature)
            if row is not None:  # an unseen feature weighs in the norm only
                rows.append(row)
                weights.append(weight)
        scores = []
        if rows:
            similarity = np.asarray(weights) @ self._matrix[rows]
            # Sorted best first inside each intent's slice: the slices keep their bounds.
            ranked = similarity[np.lexsort((-similarity, self._segment))].tolist()
        for intent, start, end in self._slices:
            top = (
                [v for v in ranked[start : min(end, start + _NEIGHBOURS)] if v > 0.0]
                if rows
                else []
            )
            score = sum(top) / len(top) if top else 0.0
            scores.append(IntentScore(intent, calibrate(score)))
        scores.sort(key=lambda s: s.score, reverse=True)
        return scores
