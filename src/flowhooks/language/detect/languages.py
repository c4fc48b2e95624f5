"""The languages FindLanguage can answer: English and the scheduled languages of India.

Each has its English name (what the flow receives), its ISO 639-1 code (ISO 639-2/3 for the
few that have no two-letter code: Santali `sat`, Manipuri `mni`...) and the script it is
written in when that script alone identifies it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """One language: English name, code and native name."""

    name: str
    code: str
    native_name: str


ENGLISH = LanguageInfo("English", "en", "English")
HINDI = LanguageInfo("Hindi", "hi", "हिन्दी")
MARATHI = LanguageInfo("Marathi", "mr", "मराठी")
BENGALI = LanguageInfo("Bengali", "bn", "বাংলা")
ASSAMESE = LanguageInfo("Assamese", "as", "অসমীয়া")
PUNJABI = LanguageInfo("Punjabi", "pa", "ਪੰਜਾਬੀ")
GUJARATI = LanguageInfo("Gujarati", "gu", "ગુજરાતી")
ODIA = LanguageInfo("Odia", "or", "ଓଡ଼ିଆ")
TAMIL = LanguageInfo("Tamil", "ta", "தமிழ்")
TELUGU = LanguageInfo("Telugu", "te", "తెలుగు")
KANNADA = LanguageInfo("Kannada", "kn", "ಕನ್ನಡ")
MALAYALAM = LanguageInfo("Malayalam", "ml", "മലയാളം")
URDU = LanguageInfo("Urdu", "ur", "اردو")
SANTALI = LanguageInfo("Santali", "sat", "ᱥᱟᱱᱛᱟᱲᱤ")
MANIPURI = LanguageInfo("Manipuri", "mni", "ꯃꯤꯇꯩꯂꯣꯟ")
UNKNOWN = LanguageInfo("Unknown", "und", "")

# A script that one language (among those we answer) owns outright.
LANGUAGE_OF_SCRIPT: dict[str, LanguageInfo] = {
    "Gurmukhi": PUNJABI,
    "Gujarati": GUJARATI,
    "Odia": ODIA,
    "Tamil": TAMIL,
    "Telugu": TELUGU,
    "Kannada": KANNADA,
    "Malayalam": MALAYALAM,
    "Arabic": URDU,
    "Ol Chiki": SANTALI,
    "Meetei Mayek": MANIPURI,
}

ALL_LANGUAGES: tuple[LanguageInfo, ...] = (
    ENGLISH,
    HINDI,
    MARATHI,
    BENGALI,
    ASSAMESE,
    PUNJABI,
    GUJARATI,
    ODIA,
    TAMIL,
    TELUGU,
    KANNADA,
    MALAYALAM,
    URDU,
    SANTALI,
    MANIPURI,
)

_BY_KEY: dict[str, LanguageInfo] = {}
for _info in ALL_LANGUAGES:
    for _key in (_info.name, _info.code, _info.native_name):
        _BY_KEY[_key.casefold()] = _info


def language_by_name(value: str) -> LanguageInfo | None:
    """Find a language by English name, native name or code (case-insensitive)."""
    return _BY_KEY.get(value.strip().casefold())
