"""Romanised Indian languages other than Hindi, told apart by their commonest words.

Callers' speech recognisers write Tamil, Telugu, Marathi, Bengali, Gujarati, Kannada,
Malayalam and Punjabi in Latin letters too ("naan bill kattanum", "mala paise
pathvayche aahet"). Their function words and common verb forms differ from Hindi's and
English's, so a short list per language (pronouns, copulas, negations, question words,
"want"/"do" forms) marks them. A text is read as one of them when at least one word in
four is that language's marker and no other language has as many; the confidence is that
share, never above 0.95. Markers that are also Hindi or English words are left out.
"""

from __future__ import annotations

import re

from flowhooks.language.detect import languages
from flowhooks.language.detect.languages import LanguageInfo
from flowhooks.language.nlu.normalize import word_list

_WORD_RE = re.compile(r"[a-z]+")
_MIN_SHARE = 0.25
_MAX_CONFIDENCE = 0.95

MARKERS: dict[LanguageInfo, frozenset[str]] = {
    languages.TAMIL: frozenset(
        word_list(
            "pesanum kooda naan enna ennaku enakku illai illa irukku irukka iruku venum "
            "vendam pannunga panren pannanum kattanum sollunga vanakkam romba eppo enga ungal "
            "unga ungaluku nandri seri aama aamaa theriyum theriyadhu panni vaanga ponga "
            "kodunga"
        )
    ),
    languages.TELUGU: frozenset(
        word_list(
            "undi chala entha vachindi matladali nenu meeru miru ela unnaru ledu kavali "
            "kaavali cheyyandi cheyandi cheppandi emiti enti ekkada eppudu naaku naku "
            "manchidi avunu kaadu vaddu ivvandi chestanu vastanu randi dhanyavadalu bagunnara "
            "bagunnanu"
        )
    ),
    languages.MARATHI: frozenset(
        word_list(
            "khup navin mala aahe aahet ahe ahet nahiye tumhi tumcha tumchi amhi kaay majha "
            "majhi mazi pahije pathvayche karaycha karaychi sangaa sanga nako zala zali udya "
            "kasa kiti lavkar"
        )
    ),
    languages.BENGALI: frozenset(
        word_list(
            "koto bolun khub kotha bolte cholchhe notun eseche ami amake tumi tomar apnar "
            "achi korbo korte korchi bhalo kemon kothay keno nei hobe dorkar lagbe dhonnobad "
            "bujhte parchi"
        )
    ),
    languages.GUJARATI: frozenset(
        word_list(
            "chhe karvi vaat aavyu navu sathe tamne tamaru maru nathi joie joiye shu kem cho "
            "kevi ketla ketlu aapo aavjo saru thayu javanu"
        )
    ),
    languages.KANNADA: frozenset(
        word_list(
            "tumba eshtu bandide hosa nanage maatadabeku jothe nanu naanu neevu nimma nanna "
            "beku beda illa hegiddira chennagiddini maadi heli yenu enu elli yaavaga howdu "
            "houdu dhanyavadagalu banni kodi"
        )
    ),
    languages.MALAYALAM: frozenset(
        word_list(
            "valare aanu ethra aayi puthiya samsarikkanam njan ente enikku ningal ningalude "
            "alle venam venda illa undu sugamano enthu entha evide eppol cheyyanam parayu "
            "tharam nanni sheri athe kittiyilla"
        )
    ),
    languages.PUNJABI: frozenset(
        word_list(
            "chahidi kinna reha naal gall navi tusi tuhada tuhanu twanu sanu mainu kiddan "
            "kidda kithe kitthe chahida chaida karde paaji veerji bhaji dasso daso hunda"
        )
    ),
}
"""Each language's marker words (lower case, as speech recognisers spell them)."""


def judge(text: str) -> tuple[LanguageInfo, float] | None:
    """The romanised language the markers point to and the share of its words, or None."""
    words = _WORD_RE.findall(text.lower())
    if not words:
        return None
    hits = {info: sum(word in markers for word in words) for info, markers in MARKERS.items()}
    best = max(hits, key=lambda info: hits[info])
    top = hits[best]
    if top == 0 or sum(1 for count in hits.values() if count == top) > 1:
        return None
    share = top / len(words)
    if share < _MIN_SHARE:
        return None
    return best, min(_MAX_CONFIDENCE, 0.5 + share)
