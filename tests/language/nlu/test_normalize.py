"""normalize_text keeps its definition when computed fast (a translate table, two regexes).

The reference below is the definition, one character at a time: letters, marks, digits and
₹ stay; ".", ":" and "," stay only between two digits; everything else is a space.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.language.nlu.normalize import normalize_text


def reference(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\d)\s*([.:])\s*(?=\d)", r"\1", text)
    kept = []
    for index, char in enumerate(text):
        between_digits = (
            char in ".:,"
            and 0 < index < len(text) - 1
            and text[index - 1].isdigit()
            and text[index + 1].isdigit()
        )
        keep = unicodedata.category(char)[0] in "LMN" or char == "₹" or between_digits
        kept.append(char if keep else " ")
    return re.sub(r"\s+", " ", "".join(kept)).strip(" .:,")


_PIECES = st.sampled_from(
    ["5", "३", ".", ":", ",", " ", "₹", "kal", "बजे", "ा", "!", "\u0301", "Ｆ", "²", "_", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join) | st.text(max_size=40))
def test_matches_the_per_character_definition(text: str) -> None:
    assert normalize_text(text) == reference(text)
