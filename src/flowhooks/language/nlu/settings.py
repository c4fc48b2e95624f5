"""An account's NLU settings: which provider, its address, the fallback threshold, the intents."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator


class NluSettings(BaseModel):
    """speechprocessing settings of one account; `{}` is valid (built in, starter intents)."""

    model_config = ConfigDict(extra="forbid")

    provider: Literal["builtin", "rasa"] = "builtin"
    rasa_url: str | None = Field(
        default=None, description="Base URL of the Rasa server, e.g. http://rasa:5005"
    )
    rasa_token: SecretStr | None = Field(
        default=None, description="Rasa's auth token (sent as ?token=), when the server has one"
    )
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    timeout_seconds: float = Field(default=3.0, gt=0.0, le=30.0)
    intents_yaml: str | None = Field(
        default=None, description="Intents in Rasa nlu.yml form; None = the starter set"
    )

    @field_validator("intents_yaml")
    @classmethod
    def _intents_are_valid(cls, value: str | None) -> str | None:
        if value is not None:
            from flowhooks.language.nlu.training_data import parse_training_data  # loads yaml

            parse_training_data(value)
        return value

    @field_validator("rasa_url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("rasa_url must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _rasa_needs_url(self) -> NluSettings:
        if self.provider == "rasa" and not self.rasa_url:
            raise ValueError("provider 'rasa' needs rasa_url")
        return self
