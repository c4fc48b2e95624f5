"""An account's short-link settings: defaults, domain and template checks."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from flowhooks.shortlinks.settings import ShortLinkSettings


def test_empty_settings_are_valid_defaults() -> None:
    """An account with {} settings uses 302, 8-character codes and the public base URL."""
    settings = ShortLinkSettings.model_validate({})
    assert settings.default_redirect_code == 302
    assert settings.code_length == 8
    assert settings.domains == []
    assert settings.primary_domain is None
    assert settings.bot_url_template is None
    assert settings.bot_link_mode == "append"
    assert settings.bot_link_lifetime_days == 30


def test_domains_are_normalised() -> None:
    """Domains are lower-cased, lose a trailing dot and are kept once, in order."""
    settings = ShortLinkSettings(domains=["S.Example.COM.", "s.example.com", "localhost:8443"])
    assert settings.domains == ["s.example.com", "localhost:8443"]
    assert settings.primary_domain == "s.example.com"


@pytest.mark.parametrize("domain", ["https://s.example.com", "s.example.com/x", "bad_host", ""])
def test_bad_domains_are_refused(domain: str) -> None:
    """Something that is not a host name is refused."""
    with pytest.raises(ValidationError, match="not a host name"):
        ShortLinkSettings(domains=[domain])


def test_bot_template_must_be_an_http_url() -> None:
    """A bot URL template must be an absolute http(s) URL once filled in."""
    ok = ShortLinkSettings(bot_url_template="https://bot.example.com/chat?botid={botid}")
    assert ok.bot_url_template == "https://bot.example.com/chat?botid={botid}"
    with pytest.raises(ValidationError, match="only http and https"):
        ShortLinkSettings(bot_url_template="javascript:go({botid})")


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_redirect_codes_are_the_four_redirects(code: int) -> None:
    """301, 302, 307 and 308 are accepted as the default redirect code."""
    assert (
        ShortLinkSettings.model_validate({"default_redirect_code": code}).default_redirect_code
        == code
    )


def test_other_redirect_codes_and_unknown_fields_are_refused() -> None:
    """A 303 or an unknown field is a validation error."""
    with pytest.raises(ValidationError):
        ShortLinkSettings.model_validate({"default_redirect_code": 303})
    with pytest.raises(ValidationError):
        ShortLinkSettings.model_validate({"domain": "x.example"})
