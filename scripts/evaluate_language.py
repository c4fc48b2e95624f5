"""Print the accuracy of FindLanguage, the built-in NLU and the spoken-date reader on eval/.

.venv/bin/python scripts/evaluate_language.py [--errors]

Also prints the intent confusion table (expected intent -> answers) and the calibration
table (confidence of the answer's class -> accuracy) that docs/language.md quotes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flowhooks.language import evaluation as ev

ROOT = Path(__file__).resolve().parent.parent


def _intents(show_errors: bool) -> bool:
    intents = ev.evaluate_intents(ROOT / "eval" / "intents.tsv")
    print(f"intents: {intents.correct}/{intents.total} = {intents.accuracy:.1%}")
    print("| variety | utterances | accuracy | fallback recall | fallback precision |")
    print("|---|---|---|---|---|")
    passed = True
    for variety in ev.VARIETIES:
        accuracy = intents.variety_accuracy(variety)
        recall = intents.fallback_recall(variety)
        precision = intents.fallback_precision(variety)
        total = intents.by_variety[variety]
        print(f"| {variety} | {total} | {accuracy:.1%} | {recall:.1%} | {precision:.1%} |")
        passed &= accuracy >= ev.TARGET_INTENT_ACCURACY
        passed &= recall >= ev.TARGET_FALLBACK_RECALL
        passed &= precision >= ev.TARGET_FALLBACK_PRECISION
    confusion = intents.confusion()
    labels = sorted(confusion)
    print("\n| expected \\ answered | " + " | ".join(labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    for expected in labels:
        cells = " | ".join(str(confusion[expected][answered] or "") for answered in labels)
        print(f"| {expected} | {cells} |")
    print("\n| confidence of the answer | utterances | accuracy |")
    print("|---|---|---|")
    for low, high, count, accuracy in intents.calibration():
        print(f"| {low:.1f}-{high:.1f} | {count} | {accuracy:.1%} |")
    if show_errors:
        for expected, got, text in intents.errors:
            print(f"  expected {expected:16} got {got:16} {text}")
    return passed


def _languages(show_errors: bool) -> bool:
    found = ev.evaluate_languages(ROOT / "eval" / "languages.tsv")
    print(f"\nFindLanguage: {found.accuracy:.1%} of {found.total} texts")
    print(f"  native scripts {found.native_correct}/{found.native_total}")
    print(f"  mixed scripts {found.mixed_correct}/{found.mixed_total}")
    print(f"  romanised Hindi {found.romanised_found}/{found.romanised_total}")
    print(f"  romanised other Indian {found.other_romanised_found}/{found.other_romanised_total}")
    print(f"  English {found.english_correct}/{found.english_total}"
          f" (misread as Hindi {found.english_as_hindi})")  # fmt: skip
    if show_errors:
        for expected, got, text in found.errors:
            print(f"  expected {expected:16} got {got:16} {text}")
    return (
        found.accuracy >= ev.TARGET_LANGUAGE_ACCURACY
        and found.native_accuracy >= ev.TARGET_NATIVE_ACCURACY
        and found.romanised_recall >= ev.TARGET_ROMANISED_HINDI_RECALL
        and found.english_misread_rate <= ev.TARGET_ENGLISH_AS_HINDI
    )


def _dates(show_errors: bool) -> bool:
    dates = ev.evaluate_dates(ROOT / "eval" / "dates.tsv")
    print(f"\nspoken dates: {dates.correct}/{dates.total} = {dates.accuracy:.1%}")
    if show_errors:
        for expected, got, text in dates.errors:
            print(f"  expected {expected:16} got {got:16} {text}")
    return dates.accuracy >= ev.TARGET_SPOKEN_DATES


def main() -> int:
    show_errors = "--errors" in sys.argv
    passed = [_intents(show_errors), _languages(show_errors), _dates(show_errors)]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
