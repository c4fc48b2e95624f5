"""Print the accuracy of FindLanguage, the built-in NLU and the spoken-date reader on eval/.

.venv/bin/python scripts/evaluate_language.py [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

from flowhooks.language import evaluation as ev

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    show_errors = "--errors" in sys.argv
    intents = ev.evaluate_intents(ROOT / "eval" / "intents.tsv")
    print(
        f"intents: {intents.correct}/{intents.total} = {intents.accuracy:.1%}"
        f" (target >= {ev.TARGET_INTENT_ACCURACY:.0%})"
    )
    for variety, total in sorted(intents.by_variety.items()):
        correct = intents.correct_by_variety[variety]
        print(f"  {variety:9} {correct}/{total} = {correct / total:.1%}")
    languages = ev.evaluate_languages(ROOT / "eval" / "languages.tsv")
    print(
        f"languages, native scripts: {languages.native_correct}/{languages.native_total}"
        f" = {languages.native_accuracy:.1%} (target >= {ev.TARGET_NATIVE_ACCURACY:.0%})"
    )
    print(
        f"romanised Hindi recognised: {languages.romanised_found}/{languages.romanised_total}"
        f" = {languages.romanised_recall:.1%}"
        f" (target >= {ev.TARGET_ROMANISED_HINDI_RECALL:.0%})"
    )
    print(
        f"English misread as Hindi: {languages.english_as_hindi}/{languages.english_total}"
        f" = {languages.english_misread_rate:.1%} (target <= {ev.TARGET_ENGLISH_AS_HINDI:.0%})"
    )
    dates = ev.evaluate_dates(ROOT / "eval" / "dates.tsv")
    print(
        f"spoken dates: {dates.correct}/{dates.total} = {dates.accuracy:.1%}"
        f" (target >= {ev.TARGET_SPOKEN_DATES:.0%})"
    )
    if show_errors:
        for expected, got, text in intents.errors + languages.errors + dates.errors:
            print(f"  expected {expected:16} got {got:16} {text}")
    passed = (
        intents.accuracy >= ev.TARGET_INTENT_ACCURACY
        and languages.native_accuracy >= ev.TARGET_NATIVE_ACCURACY
        and languages.romanised_recall >= ev.TARGET_ROMANISED_HINDI_RECALL
        and languages.english_misread_rate <= ev.TARGET_ENGLISH_AS_HINDI
        and dates.accuracy >= ev.TARGET_SPOKEN_DATES
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
