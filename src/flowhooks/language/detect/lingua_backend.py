"""One process-wide lingua detector, restricted to English and the Indian languages it knows.

Building a detector is cheap but its first use loads the n-gram models (tens of ms per
language), so the instance is created once, lazily, and `preload()` lets a server pay that
cost at start-up instead of on a caller's first request.
"""

from __future__ import annotations

import threading

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from flowhooks.language.detect import languages

# lingua's languages among English and the scheduled languages of India.
SUPPORTED: dict[Language, languages.LanguageInfo] = {
    Language.ENGLISH: languages.ENGLISH,
    Language.HINDI: languages.HINDI,
    Language.MARATHI: languages.MARATHI,
    Language.BENGALI: languages.BENGALI,
    Language.GUJARATI: languages.GUJARATI,
    Language.PUNJABI: languages.PUNJABI,
    Language.TAMIL: languages.TAMIL,
    Language.TELUGU: languages.TELUGU,
    Language.URDU: languages.URDU,
}

_detector: LanguageDetector | None = None
_preloaded = False
_lock = threading.Lock()


def detector(*, preload: bool = False) -> LanguageDetector:
    """The shared detector; with `preload=True` every language model is loaded now."""
    global _detector, _preloaded
    with _lock:
        if _detector is None or (preload and not _preloaded):
            builder = LanguageDetectorBuilder.from_languages(*SUPPORTED)
            if preload:
                builder = builder.with_preloaded_language_models()
                _preloaded = True
            _detector = builder.build()
        return _detector


def confidences(text: str, among: tuple[languages.LanguageInfo, ...]) -> dict[str, float]:
    """lingua's confidence for each language of `among` (by code), renormalised to sum 1."""
    wanted = {info.code for info in among}
    values = {
        SUPPORTED[result.language].code: result.value
        for result in detector().compute_language_confidence_values(text)
        if result.language in SUPPORTED and SUPPORTED[result.language].code in wanted
    }
    total = sum(values.values())
    if total <= 0.0:
        return {}
    return {code: value / total for code, value in values.items()}
