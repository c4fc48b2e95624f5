"""Turn an utterance into sparse features that survive Hindi's many spellings.

Each word becomes a spelling-insensitive token: Latin words are folded (`fold_word`),
Devanagari words are first romanised (`मेरा` → `mera`), so a Hindi example also teaches the
Hinglish form and the other way round. Digit runs become one `#num` token. Features are the
tokens, adjacent token pairs, and the character n-grams (2-4) inside each token, which carry
the model over typos and inflections ("bhejiye", "bhejo").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache

from flowhooks.language.detect.romanize import romanize_word
from flowhooks.language.nlu.normalize import fold_word, normalize_text

_DEVANAGARI_RE = re.compile(r"^[\u0900-\u097f]+$")
_NGRAM_SIZES = (2, 3, 4)
NUMBER_TOKEN = "#num"  # noqa: S105 - a feature name, not a secret


@lru_cache(maxsize=16384)
def token_of(word: str) -> str:
    """The matching key of one normalised word."""
    if word[0].isdigit():
        return NUMBER_TOKEN
    if _DEVANAGARI_RE.match(word):
        spellings = romanize_word(word)
        return fold_word(spellings[0]) if spellings else word
    return fold_word(word)


def tokens_of(text: str) -> list[str]:
    """The matching keys of every word of `text`."""
    return [token_of(word) for word in normalize_text(text).split()]


@lru_cache(maxsize=16384)
def _token_features(token: str) -> tuple[str, ...]:
    """The word feature and character n-grams of one token (cached like `token_of`)."""
    padded = f"<{token}>"
    grams = [
        "c:" + padded[start : start + size]
        for size in _NGRAM_SIZES
        for start in range(max(1, len(padded) - size + 1))
    ]
    return ("w:" + token, *grams)


def features_of(text: str) -> Counter[str]:
    """Sparse feature counts of one utterance."""
    tokens = tokens_of(text)
    counts: Counter[str] = Counter()
    for token in tokens:
        counts.update(_token_features(token))
    counts.update(f"b:{first} {second}" for first, second in itertools.pairwise(tokens))
    return counts
