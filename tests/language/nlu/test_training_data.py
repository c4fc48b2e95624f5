"""Intents YAML in Rasa's nlu.yml shape: what is accepted and what is refused."""

from __future__ import annotations

import pytest

from flowhooks.language.nlu.builtin import starter_intents_yaml
from flowhooks.language.nlu.training_data import parse_training_data

RASA_FILE = """
version: "3.1"
nlu:
- intent: pay_bill
  examples: |
    - I want to pay [500](amount) rupees
    - pay my bill in [Delhi]{"entity": "city"}
- intent: greet
  examples:
    - hello
    - namaste
- synonym: rupees
  examples: |
    - rs
stories: []
"""


def test_rasa_file_is_read_with_annotations_reduced_to_text() -> None:
    """Entity annotations become plain text; synonyms and stories are ignored."""
    data = parse_training_data(RASA_FILE)
    assert data.intents["pay_bill"] == ("I want to pay 500 rupees", "pay my bill in Delhi")
    assert data.intents["greet"] == ("hello", "namaste")
    assert data.example_count == 4


def test_starter_set_has_the_eight_intents() -> None:
    """The starter set has six answers, greet and out_of_scope, each with 20+ examples."""
    data = parse_training_data(starter_intents_yaml())
    assert set(data.intents) == {
        "affirm", "deny", "talk_to_agent", "repeat", "request_callback", "goodbye", "greet",
        "out_of_scope",
    }  # fmt: skip
    assert all(len(examples) >= 20 for examples in data.intents.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nlu: [", "not valid YAML"),
        ("intents: []", 'top-level "nlu"'),
        ("nlu:\n- intent: a\n  examples: |\n    - x\n", "at least two intents"),
        ("nlu:\n- intent: 'bad name'\n  examples: ['x']\n", "intent name"),
        ("nlu:\n- intent: nlu_fallback\n  examples: ['x']\n", "reserved"),
        ("nlu:\n- intent: a\n  examples: 5\n", "examples must be"),
        ("nlu:\n- intent: a\n  examples: |\n    just text\n", "at least one example"),
    ],
)
def test_invalid_files_are_refused_with_a_reason(text: str, message: str) -> None:
    """Each malformed file raises ValueError saying what is wrong."""
    with pytest.raises(ValueError, match=message):
        parse_training_data(text)
