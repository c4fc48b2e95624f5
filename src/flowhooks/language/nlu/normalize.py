"""Text normalisation shared by the intent model, the entity extractors and normalizedText.

Speech recognisers hand over text with mixed case, punctuation, full-width forms and the
Devanagari danda; flows want one plain form. `normalize_text` keeps letters (with their
combining marks), digits, the rupee sign and the separators inside numbers ("5:30", "2.5").
`fold_word` goes further, for matching only: Hinglish is spelled many ways ("haan", "haa",
"han"; "theek", "thik"), so doubled letters collapse and w/v, ee/i, oo/u meet.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_KEEP_CATEGORIES = ("L", "M", "N")
_SPACES_RE = re.compile(r"\s+")
_NUMBER_SEPARATOR_RE = re.compile(r"(?<=\d)\s*([.:])\s*(?=\d)")
_FOLDS = (
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=[aeiou])n$"), ""),  # final nasal: hain/hai, haan/haa
)


class _KeepTable(dict[int, str]):
    """`str.translate` table: letters, marks, digits and ₹ stay, the rest become spaces.

    Filled on first sight of each character (`__missing__`), so after warm-up the whole
    text is classified in C instead of one `unicodedata.category` call per character.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kept = unicodedata.category(char)[0] in _KEEP_CATEGORIES or char in "₹.:,"
        self[code] = char if kept else " "
        return self[code]


_KEEP = _KeepTable()
_LONE_SEPARATOR_RE = re.compile(r"(?<!\d)[.:,]|[.:,](?!\d)")


def normalize_text(text: str) -> str:
    """Lower-case, NFKC, punctuation to spaces, one space between words.

    ".", ":" and "," stay only between two digits ("5:30", "2.5", "1,00,000").
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NUMBER_SEPARATOR_RE.sub(r"\1", text)  # "5 : 30" → "5:30"
    text = _LONE_SEPARATOR_RE.sub(" ", text.translate(_KEEP))
    return _SPACES_RE.sub(" ", text).strip(" .:,")


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A spelling-insensitive key for a Latin word ("haaan" → "ha", "theek" → "thik").

    Cached: callers fold the same few thousand words over and over (the number finder
    folds every neighbour of every token), and each fold is a dozen regex passes.
    """
    if not word.isascii():
        return word
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


def word_list(text: str) -> list[str]:
    """The words of a literal list written as one string (keeps long word tables short)."""
    return text.split()
