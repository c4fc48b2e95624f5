"""Yes or no in English, Hindi and Hinglish: "haan ji", "जी नहीं", "nope", "bilkul".

A negation wins over an agreement ("haan, nahi chahiye" is a no). In a long utterance only
the first three words count: "call me later, I am not free" is not an answer to a yes/no
question, "no, call me later" is.
"""

from __future__ import annotations

import itertools

from flowhooks.language.nlu.entities.numbers import _key

_YES = frozenset(
    _key(w)
    for w in [
        "yes",
        "yeah",
        "yea",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "correct",
        "right",
        "absolutely",
        "definitely",
        "affirmative",
        "haan",
        "haa",
        "han",
        "ha",
        "hanji",
        "haanji",
        "ji",
        "jee",
        "bilkul",
        "theek",
        "thik",
        "sahi",
        "pakka",
        "chalega",
        "achha",
        "accha",
        "हाँ",
        "हां",
        "हा",
        "जी",
        "बिल्कुल",
        "बिलकुल",
        "ठीक",
        "सही",
        "पक्का",
        "चलेगा",
        "अच्छा",
    ]
)
_NO = frozenset(
    _key(w)
    for w in [
        "no",
        "nope",
        "nah",
        "not",
        "never",
        "dont",
        "don't",
        "wrong",
        "incorrect",
        "negative",
        "nahi",
        "nahin",
        "nai",
        "nhi",
        "mat",
        "galat",
        "नहीं",
        "नही",
        "मत",
        "गलत",
        "ग़लत",
    ]
)
_LEADING_NO = frozenset({_key("na"), "ना"})
"""'na' is no only as the first word ("na, rehne do"); after a verb it is a particle that
softens a request ("haan bataiye na", "bolo na")."""
_SHORT = 6
_HEAD = 3


def find_yes_no(tokens: list[str]) -> str | None:
    """ "yes", "no" or None."""
    keys = [_key(t) for t in tokens]
    if len(keys) > _SHORT:
        keys = keys[:_HEAD]
    if any(k in _NO for k in keys) or _says_dont(keys) or (keys and keys[0] in _LEADING_NO):
        return "no"
    if any(k in _YES for k in keys):
        return "yes"
    return None


def _says_dont(keys: list[str]) -> bool:
    """ "don't" / "didn't" arrive as two tokens ("don", "t") after normalisation."""
    return any(
        k in ("do", "don", "did", "didn", "won", "can", "ca") and nxt == "t"
        for k, nxt in itertools.pairwise(keys)
    )
