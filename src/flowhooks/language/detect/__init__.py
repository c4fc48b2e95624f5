"""Offline language detection for FindLanguage: scripts, lingua and a romanised-Hindi lexicon."""

from flowhooks.language.detect.detector import LanguageGuess, detect_language, preload

__all__ = ["LanguageGuess", "detect_language", "preload"]
