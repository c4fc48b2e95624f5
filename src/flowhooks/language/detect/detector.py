"""detect_language: English and the Indian languages, offline, in well under a millisecond.

1. Count the script of the letters (`scripts.count_scripts`). A script one language owns
   (Tamil, Gurmukhi, Ol Chiki...) answers at once.
2. Devanagari: lingua chooses Hindi or Marathi, helped by Marathi's commonest function
   words, which lingua misses on one- or two-word answers ("होय", "नाही").
3. Bengali script: Assamese when its own letters ৰ/ৱ appear, else Bengali.
4. Latin: English, or romanised Hindi when the word lexicon says so (`hinglish`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flowhooks.language.detect import hinglish, languages, lingua_backend
from flowhooks.language.detect.languages import LanguageInfo
from flowhooks.language.detect.scripts import UNKNOWN_SCRIPT, count_scripts

# Marathi words that Hindi does not use (or uses far less); each nudges lingua toward Marathi.
_MARATHI_MARKERS = frozenset(
    [
        "आहे",
        "आहेत",
        "आहात",
        "नाही",
        "होय",
        "मला",
        "तुम्ही",
        "तुमचा",
        "तुमची",
        "तुमचे",
        "माझा",
        "माझी",
        "माझे",
        "आम्ही",
        "आम्हाला",
        "काय",
        "कसे",
        "कशी",
        "नको",
        "हवे",
        "हवी",
        "हवा",
        "पाहिजे",
        "आणि",
        "झाले",
        "झाला",
        "करा",
        "सांगा",
        "बोला",
        "येईल",
        "उद्या",
        "परवा",
        "म्हणून",
        "पण",
        "मी",
        "तू",
        "त्याला",
        "त्यांना",
        "आता",
        "बरं",
        "ठीक",
        "आहे",
        "धन्यवाद",
    ]
)
_MARKER_WEIGHT = 0.35
_ASSAMESE_LETTERS = frozenset("\u09f0\u09f1")
_DEVANAGARI_WORD_RE = re.compile(r"[\u0900-\u0963\u0971-\u097f]+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What FindLanguage answers."""

    language: str  # English name: "Hindi"
    code: str  # ISO 639-1 where one exists: "hi"
    confidence: float  # 0..1
    script: str  # Unicode script name: "Devanagari", "Latin"...
    is_romanized: bool  # an Indian language written in Latin letters


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of `text`; a text with no letters is `Unknown` with confidence 0."""
    counted = count_scripts(text)
    if counted.letters == 0:
        return _guess(languages.UNKNOWN, 0.0, UNKNOWN_SCRIPT)
    script, share = counted.script, counted.share
    owner = languages.LANGUAGE_OF_SCRIPT.get(script)
    if owner is not None:
        return _guess(owner, share, script)
    if script == "Devanagari":
        info, confidence = _devanagari(text)
        return _guess(info, confidence * share, script)
    if script == "Bengali":
        info = languages.ASSAMESE if _ASSAMESE_LETTERS & set(text) else languages.BENGALI
        return _guess(info, share, script)
    if script == "Latin":
        verdict = hinglish.judge_latin_text(text)
        if verdict.is_hindi:
            return _guess(languages.HINDI, verdict.probability * share, script, romanized=True)
        certainty = 1.0 - verdict.probability if verdict.known_words else 0.5
        return _guess(languages.ENGLISH, certainty * share, script)
    return _guess(languages.UNKNOWN, 0.0, script)


def _devanagari(text: str) -> tuple[LanguageInfo, float]:
    """Hindi or Marathi for a Devanagari text, and how sure."""
    scores = lingua_backend.confidences(text, (languages.HINDI, languages.MARATHI))
    hindi, marathi = scores.get("hi", 0.5), scores.get("mr", 0.5)
    words = _DEVANAGARI_WORD_RE.findall(text)
    if words:
        marker_share = sum(word in _MARATHI_MARKERS for word in words) / len(words)
        marathi += _MARKER_WEIGHT * marker_share
        hindi = max(0.0, hindi - _MARKER_WEIGHT * marker_share)
    total = hindi + marathi
    if marathi > hindi:
        return languages.MARATHI, marathi / total
    return languages.HINDI, hindi / total


def _guess(
    info: LanguageInfo, confidence: float, script: str, *, romanized: bool = False
) -> LanguageGuess:
    return LanguageGuess(
        language=info.name,
        code=info.code,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        script=script,
        is_romanized=romanized,
    )


def preload() -> None:
    """Load lingua's models and build the Hinglish lexicon now rather than on first use."""
    lingua_backend.detector(preload=True)
    hinglish.lexicon()
