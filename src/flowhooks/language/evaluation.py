"""Accuracy of FindLanguage and of the built-in intent model on the evaluation sets.

The sets live in the repository's `eval/` folder (`intents.tsv`, `languages.tsv`,
`dates.tsv` for the spoken-date reader shared by the calendar methods and speechprocessing), were
written for flowhooks and share no utterance with the starter training examples. Used by
`scripts/evaluate_language.py` (prints the figures) and by a test that fails when a change
drops them below the targets.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flowhooks.calendar.parsing import parse_date_input
from flowhooks.language.detect import detect_language
from flowhooks.language.detect.scripts import count_scripts
from flowhooks.language.nlu.builtin import BuiltinNlu, train
from flowhooks.language.nlu.training_data import FALLBACK_INTENT

TARGET_INTENT_ACCURACY = 0.95
TARGET_FALLBACK_RECALL = 0.90
TARGET_FALLBACK_PRECISION = 0.90
VARIETIES = ("en", "hi", "hinglish")
TARGET_NATIVE_ACCURACY = 0.95
TARGET_ROMANISED_HINDI_RECALL = 0.90
TARGET_ENGLISH_AS_HINDI = 0.05
TARGET_LANGUAGE_ACCURACY = 0.97
TARGET_SPOKEN_DATES = 0.95
DATES_ZONE = ZoneInfo("Asia/Kolkata")
DATES_NOW = datetime(2025, 9, 29, 10, 0, tzinfo=DATES_ZONE)
"""The reference time of eval/dates.tsv: Monday 2025-09-29 10:00 IST."""


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file, skipping blank lines and # comments."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass
class IntentReport:
    """Intent accuracy, fallback precision/recall per variety (en, hi, hinglish), and tables."""

    total: int = 0
    correct: int = 0
    by_variety: Counter[str] = field(default_factory=Counter)
    correct_by_variety: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # expected, got, text
    answers: list[tuple[str, str, str, float]] = field(default_factory=list)
    """Every (variety, expected, answered, confidence), for the tables."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def variety_accuracy(self, variety: str) -> float:
        total = self.by_variety[variety]
        return self.correct_by_variety[variety] / total if total else 0.0

    def fallback_recall(self, variety: str | None = None) -> float:
        """Out-of-scope utterances answered nlu_fallback / all out-of-scope utterances."""
        rows = [a for a in self.answers if variety in (None, a[0]) and a[1] == FALLBACK_INTENT]
        hits = sum(1 for a in rows if a[2] == FALLBACK_INTENT)
        return hits / len(rows) if rows else 0.0

    def fallback_precision(self, variety: str | None = None) -> float:
        """Fallback answers that were out of scope / all fallback answers."""
        rows = [a for a in self.answers if variety in (None, a[0]) and a[2] == FALLBACK_INTENT]
        hits = sum(1 for a in rows if a[1] == FALLBACK_INTENT)
        return hits / len(rows) if rows else 0.0

    def confusion(self) -> dict[str, Counter[str]]:
        """Expected intent -> answered intent -> count."""
        table: dict[str, Counter[str]] = {}
        for _, expected, answered, _ in self.answers:
            table.setdefault(expected, Counter())[answered] += 1
        return table

    def calibration(self) -> list[tuple[float, float, int, float]]:
        """(band low, band high, utterances, accuracy) by the confidence of the answer."""
        bands = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
        out = []
        for low, high in bands:
            rows = [a for a in self.answers if low <= a[3] < high]
            right = sum(1 for a in rows if a[1] == a[2])
            out.append((low, min(high, 1.0), len(rows), right / len(rows) if rows else 0.0))
        return out


@dataclass
class LanguageReport:
    """FindLanguage per kind of text: native scripts, mixed scripts, romanised Hindi,
    other romanised Indian languages, English (and English misread as Hindi)."""

    native_total: int = 0
    native_correct: int = 0
    mixed_total: int = 0
    mixed_correct: int = 0
    romanised_total: int = 0
    romanised_found: int = 0
    other_romanised_total: int = 0
    other_romanised_found: int = 0
    english_total: int = 0
    english_correct: int = 0
    english_as_hindi: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def native_accuracy(self) -> float:
        return self.native_correct / self.native_total if self.native_total else 0.0

    @property
    def romanised_recall(self) -> float:
        return self.romanised_found / self.romanised_total if self.romanised_total else 0.0

    @property
    def english_misread_rate(self) -> float:
        return self.english_as_hindi / self.english_total if self.english_total else 0.0

    @property
    def total(self) -> int:
        return (
            self.native_total
            + self.mixed_total
            + self.romanised_total
            + self.other_romanised_total
            + self.english_total
        )

    @property
    def accuracy(self) -> float:
        """Every text: the expected language, and isRomanized as labelled."""
        right = (
            self.native_correct
            + self.mixed_correct
            + self.romanised_found
            + self.other_romanised_found
            + self.english_correct
        )
        return right / self.total if self.total else 0.0


def evaluate_intents(path: Path, intents_yaml: str | None = None) -> IntentReport:
    """Run every labelled utterance through the built-in NLU (default threshold 0.5)."""
    model = train(intents_yaml)
    provider = BuiltinNlu(model)
    report = IntentReport()
    for expected, variety, text in read_tsv(path):
        result = asyncio.run(provider.parse(text))
        top = model.rank(text)[0].score  # the probability of the class the answer came from
        report.answers.append((variety, expected, result.intent, top))
        report.total += 1
        report.by_variety[variety] += 1
        if result.intent == expected:
            report.correct += 1
            report.correct_by_variety[variety] += 1
        else:
            report.errors.append((expected, result.intent, text))
    return report


def evaluate_languages(path: Path) -> LanguageReport:
    """Run every labelled text through detect_language.

    A text is right when the language code matches and isRomanized is as labelled; a text
    with both Latin and another script's letters counts as mixed.
    """
    report = LanguageReport()
    for code, romanized, text in read_tsv(path):
        guess = detect_language(text)
        right = guess.code == code and guess.is_romanized == (romanized == "1")
        scripts = count_scripts(text).counts
        if code == "en":
            report.english_total += 1
            report.english_correct += right
            report.english_as_hindi += guess.code == "hi"
        elif romanized == "1" and code == "hi":
            report.romanised_total += 1
            report.romanised_found += right
        elif romanized == "1":
            report.other_romanised_total += 1
            report.other_romanised_found += right
        elif "Latin" in scripts and len(scripts) > 1:
            report.mixed_total += 1
            report.mixed_correct += right
        else:
            report.native_total += 1
            report.native_correct += right
        if not right:
            report.errors.append((code, guess.code, text))
    return report


@dataclass
class DateReport:
    """Spoken dates read to the expected day (ValidateDateAndTime's reader)."""

    total: int = 0
    correct: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # expected, got, text

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def evaluate_dates(path: Path) -> DateReport:
    """Read every phrase at DATES_NOW in Asia/Kolkata and compare the day with the label."""
    report = DateReport()
    for expected, text in read_tsv(path):
        parsed = parse_date_input(text, now=DATES_NOW, tz=DATES_ZONE)
        got = parsed.day if parsed is not None else None
        report.total += 1
        if got == date.fromisoformat(expected):
            report.correct += 1
        else:
            report.errors.append((expected, str(got), text))
    return report
