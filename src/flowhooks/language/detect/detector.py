"""detect_language: English and the Indian languages, offline, in well under a millisecond.

1. Count the script of the letters (`scripts.count_scripts`). A script one language owns
   (Tamil, Gurmukhi, Ol Chiki...) answers at once.
2. Devanagari: lingua chooses Hindi or Marathi, helped by Marathi's commonest function
   words, which lingua misses on one- or two-word answers ("होय", "नाही").
3. Bengali script: Assamese when its own letters ৰ/ৱ appear, else Bengali.
4. Latin: a romanised Tamil, Telugu, Marathi, Bengali, Gujarati, Kannada, Malayalam or
   Punjabi text when enough of its words are that language's markers (`romanised_indic`),
   else English or romanised Hindi as the word lexicon says (`hinglish`).
5. Mixed text (native-script words with Latin loanwords, as recognisers write "मेरा loan
   account statement चाहिए"): the native words decide when there are at least two of them
   or they are a third of the words; the script is answered as `Mixed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flowhooks.language.detect import hinglish, languages, lingua_backend, romanised_indic
from flowhooks.language.detect.languages import LanguageInfo
from flowhooks.language.detect.scripts import UNKNOWN_SCRIPT, count_scripts, script_of

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
_MARATHI_ONLY = _MARATHI_MARKERS - {"धन्यवाद", "ठीक", "काय", "पण"}
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
    if "Latin" in counted.counts and len(counted.counts) > 1:
        mixed = _mixed(text)
        if mixed is not None:
            return mixed
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
        other = romanised_indic.judge(text)
        if other is not None:
            return _guess(other[0], other[1] * share, script, romanized=True)
        verdict = hinglish.judge_latin_text(text)
        if verdict.is_hindi:
            return _guess(languages.HINDI, verdict.probability * share, script, romanized=True)
        if grammar := hinglish.grammar_share(text):
            return _guess(languages.HINDI, (0.5 + grammar) * share, script, romanized=True)
        certainty = 1.0 - verdict.probability if verdict.known_words else 0.5
        # Words neither table knows (romanised Tamil, names) lower the certainty: a text
        # half made of them is English at most half sure, which a flow can threshold on.
        return _guess(languages.ENGLISH, certainty * verdict.coverage * share, script)
    return _guess(languages.UNKNOWN, 0.0, script)


MIXED_SCRIPT = "Mixed"
_MIN_NATIVE_WORDS = 2
_MIN_NATIVE_SHARE = 1 / 3
_HINDI_PRIOR = 0.75


def _word_script(word: str) -> str | None:
    """The script most letters of one word are written in (None for digits/punctuation)."""
    found = [name for name in map(script_of, word) if name is not None]
    return max(set(found), key=found.count) if found else None


def _mixed(text: str) -> LanguageGuess | None:
    """Native-script words with Latin ones: the native words decide when there are enough.

    Loanwords in Latin letters ("loan", "credit card") say nothing about the caller's
    language, so they do not vote; they only lower the confidence a little.
    """
    scripts = {word: _word_script(word) for word in text.split()}
    native_words = [w for w in text.split() if scripts[w] not in (None, "Latin")]
    latin_words = sum(1 for w in text.split() if scripts[w] == "Latin")
    if not native_words or not latin_words:
        return None
    share = len(native_words) / (len(native_words) + latin_words)
    if len(native_words) < _MIN_NATIVE_WORDS and share < _MIN_NATIVE_SHARE:
        return None
    guess = detect_language(" ".join(native_words))
    if guess.code == "mr" and not _MARATHI_ONLY & set(native_words):
        # Lingua cannot tell Hindi from Marathi on a few words: Hindi, the commoner, unless
        # a word only Marathi uses is there.
        guess = _guess(languages.HINDI, _HINDI_PRIOR, guess.script)
    return LanguageGuess(
        language=guess.language,
        code=guess.code,
        confidence=round(guess.confidence * (0.6 + 0.4 * share), 3),
        script=MIXED_SCRIPT,
        is_romanized=False,
    )


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
