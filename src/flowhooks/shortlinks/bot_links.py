"""The chatbot link of ``linkcreation``: the account's bot URL with the caller's context.

The account holds a template such as ``https://bot.example.com/chat?botid={botid}``.
``{botid}`` (and ``{botUniqueID}``) are filled in, URL-encoded; then

- "append" mode adds ``cli``, ``botUniqueID`` and every other flow variable as query
  parameters (the original platform's behaviour), except secret-named ones (redaction.py):
  a short link's target is public;
- "reference" mode adds only ``botUniqueID``: the bot fetches the rest from
  ``GET /api/v1/bot-sessions/{botUniqueID}``, so no phone number travels in a URL.

The template's own query is kept; a parameter we add replaces one of the same name, so a
name never appears twice. When the template has no ``{botid}``, ``botid`` is added too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from flowhooks.redaction import is_secret
from flowhooks.shortlinks.codes import random_code

BotLinkMode = Literal["append", "reference"]
BOT_UNIQUE_ID_LENGTH = 20
BOTID_PLACEHOLDER = "{botid}"
BOT_UNIQUE_ID_PLACEHOLDER = "{botUniqueID}"


def new_bot_unique_id() -> str:
    """A fresh, unguessable bot session id (20 characters, about 116 random bits)."""
    return random_code(BOT_UNIQUE_ID_LENGTH)


def variable_param_name(variable: str) -> str:
    """A flow variable's query parameter name: its last segment (``$flow.key.lang``: ``lang``)."""
    return variable.rsplit(".", 1)[-1] if variable.startswith("$") else variable


def build_bot_url(
    template: str,
    *,
    botid: str,
    bot_unique_id: str,
    mode: BotLinkMode,
    cli: str | None = None,
    variables: Sequence[tuple[str, str | None]] = (),
) -> str:
    """The bot URL for one caller; ``variables`` are (flow variable name, value) pairs."""
    url = template.replace(BOTID_PLACEHOLDER, quote(botid, safe="")).replace(
        BOT_UNIQUE_ID_PLACEHOLDER, quote(bot_unique_id, safe="")
    )
    added: list[tuple[str, str]] = []
    if BOTID_PLACEHOLDER not in template:
        added.append(("botid", botid))
    if mode == "append":
        if cli is not None:
            added.append(("cli", cli))
        added.append(("botUniqueID", bot_unique_id))
        reserved = {"botid", "cli", "botUniqueID"}
        for name, value in variables:
            param = variable_param_name(name)
            if param and param not in reserved and value is not None and not is_secret(param):
                added.append((param, value))
    else:
        added.append(("botUniqueID", bot_unique_id))
    return _with_params(url, added)


def _with_params(url: str, added: Sequence[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    names = {name for name, _ in added}
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in names
    ]
    seen: set[str] = set()
    unique_added = []
    for name, value in added:
        if name not in seen:
            seen.add(name)
            unique_added.append((name, value))
    query = urlencode(kept + unique_added, quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
