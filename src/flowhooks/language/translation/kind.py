"""The webhook variable kind for a language: any name, native name or code, parsed to a code."""

from __future__ import annotations

from flowhooks.kinds import Kind
from flowhooks.language.translation.names import EXPECTED_FORM, to_code
from flowhooks.language.translation.service import AUTO

_DETECT_WORDS = frozenset({AUTO, "detect", "auto-detect", "autodetect"})


class LanguageKind(Kind[str]):
    """A language as ``Hindi``, ``हिन्दी``, ``hi`` or ``hi-IN``; ``auto`` if detection is allowed."""

    def __init__(self, allow_auto: bool = False) -> None:
        super().__init__(max_length=64)
        self.allow_auto = allow_auto

    def describe(self) -> str:
        return f"{EXPECTED_FORM}, or auto to detect it" if self.allow_auto else EXPECTED_FORM

    def convert(self, raw: str) -> str:
        if self.allow_auto and raw.strip().casefold() in _DETECT_WORDS:
            return AUTO
        try:
            return to_code(raw)
        except ValueError:
            raise ValueError("it is not a language this service knows") from None
