"""Storing an account's intents (CLI `nlu train` and the admin API share this one path).

The YAML is validated (and so can be trained) before anything is written; it is kept as
text in the account's `nlu.intents_yaml` setting, so every process sees the change and
retrains its in-memory model when the text's hash changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from flowhooks.accounts import service
from flowhooks.errors import InvalidParameter, PayloadTooLarge
from flowhooks.language.nlu.builtin import starter_intents_yaml
from flowhooks.language.nlu.training_data import TrainingData, parse_training_data

MAX_YAML_BYTES = 1_000_000
EXPECTED = "intents YAML in Rasa's nlu.yml form (nlu: - intent: name / examples: | - text)"


def validated(text: str) -> TrainingData:
    """Parse intents YAML or raise a 422/413 naming what is wrong."""
    if len(text.encode()) > MAX_YAML_BYTES:
        raise PayloadTooLarge(f"intents YAML is limited to {MAX_YAML_BYTES} bytes")
    try:
        return parse_training_data(text)
    except ValueError as exc:
        raise InvalidParameter("intents", EXPECTED, reason=str(exc)) from None


def summary(data: TrainingData, *, source: str) -> dict[str, Any]:
    """What the API and CLI answer: intent names with their example counts."""
    return {
        "source": source,
        "intents": {name: len(examples) for name, examples in data.intents.items()},
        "examples": data.example_count,
    }


async def store_intents(session: AsyncSession, account_id: int, text: str) -> dict[str, Any]:
    """Validate and store an account's intents; answer their summary."""
    data = validated(text)
    await service.update(session, account_id, settings={"nlu": {"intents_yaml": text}})
    return summary(data, source="account")


async def reset_intents(session: AsyncSession, account_id: int) -> None:
    """Go back to the starter set."""
    await service.update(session, account_id, settings={"nlu": {"intents_yaml": None}})


async def current_intents(session: AsyncSession, account_id: int) -> dict[str, Any]:
    """The account's intents (or the starter set) with their YAML text."""
    row = await service.get_or_404(session, account_id)
    stored = (row.settings or {}).get("nlu", {}).get("intents_yaml")
    text = stored or starter_intents_yaml()
    answer = summary(parse_training_data(text), source="account" if stored else "starter")
    answer["yaml"] = text
    return answer
