"""Per-account settings of Direct Dial agents: the pause codes an agent may give.

Stored as the `agents` field of the account's settings JSON; every field has a default so
an account created with `{}` settings is valid (any pause reason, or none, is accepted).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _\-]{0,63}$")


class AgentSettings(BaseModel):
    """How an account's agents go on break."""

    model_config = ConfigDict(extra="forbid")

    pause_codes: list[str] = Field(
        default_factory=list,
        description="Allowed pause reasons (e.g. LUNCH, TRAINING). Empty = any reason accepted.",
    )
    require_pause_reason: bool = Field(
        default=False,
        description="When pause codes exist, refuse a pause that gives no reason.",
    )

    @field_validator("pause_codes")
    @classmethod
    def _codes_are_distinct_names(cls, codes: list[str]) -> list[str]:
        seen: set[str] = set()
        cleaned: list[str] = []
        for raw in codes:
            code = raw.strip()
            if not _CODE.match(code):
                raise ValueError(
                    f"pause code {raw!r} must be 1-64 letters, digits, spaces, '_' or '-'"
                )
            if code.casefold() in seen:
                raise ValueError(f"pause code {code!r} is listed twice")
            seen.add(code.casefold())
            cleaned.append(code)
        return cleaned
