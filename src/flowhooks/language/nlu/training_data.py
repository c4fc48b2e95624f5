"""Intents and their example phrases, read from YAML in the shape of Rasa's nlu.yml.

    version: "3.1"
    nlu:
    - intent: affirm
      examples: |
        - yes
        - haan ji

Teams that already keep Rasa training files can upload them unchanged: entity annotations
(`[500](amount)`, `[Delhi]{"entity": "city"}`) are reduced to their text, and keys other
than `nlu` (stories, rules) are ignored. `examples` may also be a YAML list of strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
"""An intent trained on requests the bot has no answer for; it answers as the fallback."""
MAX_INTENTS = 200
MAX_EXAMPLES = 5000
MAX_EXAMPLE_LENGTH = 500
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader when present
_INTENT_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,63}$")
_ANNOTATION_RE = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True, slots=True)
class TrainingData:
    """Example phrases by intent name, in file order."""

    intents: dict[str, tuple[str, ...]]

    @property
    def example_count(self) -> int:
        """Number of example phrases over all intents."""
        return sum(len(examples) for examples in self.intents.values())


def parse_training_data(text: str) -> TrainingData:
    """Read and validate intents YAML; raise ValueError saying what is wrong and where."""
    try:
        document = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ValueError(f"intents file is not valid YAML: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("nlu"), list):
        raise ValueError('intents file must have a top-level "nlu" list of intents')
    intents: dict[str, list[str]] = {}
    for position, item in enumerate(document["nlu"], start=1):
        if not isinstance(item, dict) or "intent" not in item:
            continue  # Rasa also keeps synonyms, regexes and lookups in the nlu list
        name = str(item["intent"]).strip()
        if not _INTENT_NAME_RE.match(name):
            raise ValueError(
                f"nlu item {position}: intent name {name!r} must be 1-64 letters, digits or _./-"
            )
        if name == FALLBACK_INTENT:
            raise ValueError(f"nlu item {position}: {FALLBACK_INTENT!r} is reserved for fallback")
        examples = _examples_of(item.get("examples"), f"nlu item {position} ({name})")
        intents.setdefault(name, [])
        for example in examples:
            if example not in intents[name]:
                intents[name].append(example)
    _check_limits(intents)
    return TrainingData({name: tuple(examples) for name, examples in intents.items()})


def _examples_of(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        lines = [line.strip() for line in value.splitlines()]
        raw = [line[1:].strip() for line in lines if line.startswith("-")]
    elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        raw = [str(v).strip() for v in value]
    else:
        raise ValueError(f"{where}: examples must be a '- example' block or a list of strings")
    examples = [_ANNOTATION_RE.sub(r"\1", example).strip() for example in raw]
    examples = [example for example in examples if example]
    if not examples:
        raise ValueError(f"{where}: at least one example is needed")
    for example in examples:
        if len(example) > MAX_EXAMPLE_LENGTH:
            raise ValueError(f"{where}: an example is longer than {MAX_EXAMPLE_LENGTH} characters")
    return examples


def _check_limits(intents: dict[str, list[str]]) -> None:
    if not intents:
        raise ValueError("intents file has no intents")
    if len(intents) < 2:
        raise ValueError("at least two intents are needed to tell them apart")
    if len(intents) > MAX_INTENTS:
        raise ValueError(f"at most {MAX_INTENTS} intents are allowed, got {len(intents)}")
    total = sum(len(examples) for examples in intents.values())
    if total > MAX_EXAMPLES:
        raise ValueError(f"at most {MAX_EXAMPLES} examples are allowed, got {total}")
