"""Romanised Hindi (Hinglish) told apart from English, from word lists wordfreq ships.

lingua reads "mera naam john hai" as English: its Latin-script models know no Hindi. Here
each Latin word is looked up in two frequency tables built once per process, with no
download:
- romanised Hindi: wordfreq's top Hindi words, each spelled in Latin the usual ways
  (`romanize.romanize_word`), plus a short list of chat spellings (`data/hinglish_extra.txt`);
- English: wordfreq's English list, plus the words callers use to open and close a call
  ("hi", "ok", "bye") that the web-text list ranks low (`data/english_extra.txt`).
A word votes by how much more frequent it is as Hindi than as English (in Zipf units), so
"hai" and "mera" vote Hindi, "the" and "is" vote English, and names vote for nobody.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from importlib import resources

import wordfreq

from flowhooks.language.detect.romanize import romanize_word
from flowhooks.language.nlu.normalize import word_list

HINDI_WORDS = 6000
ENGLISH_WORDS = 60000
_MAX_VOTE = 4.0
_WORD_RE = re.compile(r"[a-z]+")
_DEVANAGARI_WORD_RE = re.compile(r"^[\u0900-\u0963\u0971-\u097f]+$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Zipf frequency of Latin spellings as romanised Hindi and as English."""

    hindi: dict[str, float]
    english: dict[str, float]


@dataclass(frozen=True, slots=True)
class HinglishVerdict:
    """Whether a Latin-script text is romanised Hindi, with the evidence for it."""

    is_hindi: bool
    probability: float  # probability the text is romanised Hindi, 0..1
    known_words: int  # words found in either table
    words: int = 0  # all words of the text

    @property
    def coverage(self) -> float:
        """The share of the text's words either table knows (1 when it has none)."""
        return self.known_words / self.words if self.words else 1.0


def build_lexicon(hindi_words: int = HINDI_WORDS, english_words: int = ENGLISH_WORDS) -> Lexicon:
    """Build both tables from the installed wordfreq data (about a second)."""
    hindi: dict[str, float] = {}
    for word in wordfreq.top_n_list("hi", hindi_words):
        if not _DEVANAGARI_WORD_RE.match(word):
            continue
        zipf = wordfreq.zipf_frequency(word, "hi")
        for spelling in romanize_word(word):
            if len(spelling) >= 2 or spelling in ("h", "k"):
                hindi[spelling] = max(hindi.get(spelling, 0.0), zipf)
    for spelling, zipf in _extra_spellings("hinglish_extra.txt"):
        hindi[spelling] = max(hindi.get(spelling, 0.0), zipf)
    frequencies = wordfreq.get_frequency_dict("en")
    english: dict[str, float] = {}
    for word in wordfreq.top_n_list("en", english_words):
        if word.isascii() and word.isalpha():
            english[word] = round(math.log10(frequencies[word]) + 9.0, 2)
    for spelling, zipf in _extra_spellings("english_extra.txt"):
        english[spelling] = max(english.get(spelling, 0.0), zipf)
    return Lexicon(hindi=hindi, english=english)


def _extra_spellings(filename: str) -> list[tuple[str, float]]:
    """Hand-listed spellings (chat forms like nhi, kr; call words like hi, ok) with a Zipf."""
    text = resources.files("flowhooks.language.data").joinpath(filename).read_text("utf-8")
    pairs: list[tuple[str, float]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            spelling, zipf = line.split()
            pairs.append((spelling, float(zipf)))
    return pairs


_lexicon: Lexicon | None = None
_lock = threading.Lock()


def lexicon_ready() -> bool:
    """Whether the process-wide lexicon is already built."""
    return _lexicon is not None


def lexicon() -> Lexicon:
    """The process-wide lexicon, built on first use."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = build_lexicon()
    return _lexicon


def word_vote(word: str, tables: Lexicon) -> float | None:
    """How strongly one lower-case word says Hindi (>0) or English (<0); None if unknown."""
    hindi = tables.hindi.get(word, 0.0)
    english = tables.english.get(word, 0.0)
    if hindi == 0.0 and english == 0.0:
        return None
    return max(-_MAX_VOTE, min(_MAX_VOTE, hindi - english))


def judge_latin_text(text: str, tables: Lexicon | None = None) -> HinglishVerdict:
    """Decide whether a Latin-script text is romanised Hindi or English."""
    tables = tables or lexicon()
    words = _WORD_RE.findall(text.lower())
    votes = [vote for vote in (word_vote(w, tables) for w in words) if vote is not None]
    if not votes:
        return HinglishVerdict(is_hindi=False, probability=0.0, known_words=0, words=len(words))
    evidence = sum(votes) / math.sqrt(len(votes))
    probability = 1.0 / (1.0 + math.exp(-1.5 * evidence))
    return HinglishVerdict(
        is_hindi=probability >= 0.5,
        probability=probability,
        known_words=len(votes),
        words=len(words),
    )


GRAMMAR_WORDS = frozenset(
    word_list(
        "mera meri mere mujhe mujhko hai hain ka ki ke kar karo karna kariye kijiye karwa "
        "chahiye nahi nahin kya kyu kyun hoga hogi tha thi raha rahi gaya gayi hua hui "
        "aap aapka aapki apna apni humko hume hamara kab kaise kitna kitni wala wali se "
        "ko mein bhi toh diya dijiye batao bataiye liye hoon hun karta karti"
    )
)
"""Romanised Hindi's grammar: pronouns, postpositions, auxiliaries and verb endings.

English loanwords ("address", "update", "kindly") are frequent English words and outvote
them in the Zipf verdict, yet a sentence built on these words is Hinglish whatever its
nouns: "kindly mera address update kar do"."""
_MIN_GRAMMAR_WORDS = 2
_MIN_GRAMMAR_SHARE = 0.25


def grammar_share(text: str) -> float:
    """The share of words that are Hindi grammar words, when enough of them (else 0)."""
    words = _WORD_RE.findall(text.lower())
    hits = sum(word in GRAMMAR_WORDS for word in words)
    if not words or hits < _MIN_GRAMMAR_WORDS or hits / len(words) < _MIN_GRAMMAR_SHARE:
        return 0.0
    return hits / len(words)
