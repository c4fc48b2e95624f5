"""linkcreation: a personalised short link that opens a chatbot with the caller's context.

The chatbot's cust token (`$flow.key.token`) names the account. Its bot URL template is
filled in (append mode: cli, botUniqueID and every other flow variable as query
parameters; reference mode: botUniqueID only), shortened with the account's link
lifetime, and a bot session {botUniqueID → cli, botid, variables} is kept for the bot to
read from GET /api/v1/bot-sessions/{botUniqueID} with the same token.
"""

from __future__ import annotations

from datetime import timedelta

from flowhooks import kinds
from flowhooks.errors import Conflict, Forbidden, Unauthorized
from flowhooks.redaction import is_secret
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param
from flowhooks.shortlinks.bot_links import build_bot_url, new_bot_unique_id
from flowhooks.shortlinks.service import InvalidUrl, LinkRequest, create_link, link_settings
from flowhooks.shortlinks.service import short_url as build_short_url
from flowhooks.store import accounts as account_store
from flowhooks.store import shortlinks as store


class BotLinkNotConfigured(Conflict):
    """The account has no bot URL template (settings shortlinks.bot_url_template)."""

    code = "BOT_URL_TEMPLATE_MISSING"


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    token: str = inputs["token"]
    async with ctx.db.read() as session:
        credential = await account_store.find_credential(session, "cust_token", token)
    account = None
    if credential is not None and credential.account_id is not None:
        account = await ctx.cached_account(credential.account_id)
    if account is None:
        raise Unauthorized("$flow.key.token is not a known chatbot cust token")
    ctx.found_account_id = account.id
    if ctx.account is not None and ctx.account.id != account.id:
        raise Forbidden("$flow.key.token belongs to another account than the caller's")
    settings = link_settings(account)
    if settings.bot_url_template is None:
        raise BotLinkNotConfigured(
            f"Account {account.id} has no shortlinks.bot_url_template for chatbot links"
        )
    botid: str = inputs["botid"]
    cli: str | None = inputs["cli"]
    bot_unique_id = new_bot_unique_id()
    long_url = build_bot_url(
        settings.bot_url_template,
        botid=botid,
        bot_unique_id=bot_unique_id,
        mode=settings.bot_link_mode,
        cli=cli,
        variables=inputs.extras,
    )
    now = ctx.now()
    expires_at = now + timedelta(days=settings.bot_link_lifetime_days)
    try:
        link = await create_link(
            ctx.db, account, LinkRequest(long_url=long_url, expires_at=expires_at), now=now
        )
    except InvalidUrl as exc:
        hint = " (the account's reference mode keeps variables out of the URL)"
        raise InvalidUrl(exc.message + hint) from None
    # The session is read back by the bot over HTTP: secret-named variables stay out of it.
    variables = {
        name.rsplit(".", 1)[-1]: value for name, value in inputs.extras if not is_secret(name)
    }
    async with ctx.db.session() as session:
        await store.insert_bot_session(
            session,
            bot_unique_id=bot_unique_id,
            account_id=account.id,
            link_id=link.id,
            botid=botid,
            cli=cli,
            variables=variables,
            expires_at=expires_at,
        )
    ctx.log.info("bot_link_created", code=link.code, mode=settings.bot_link_mode)
    return {
        "shortenUrl": build_short_url(
            account, link.code, ctx.settings.public_base_url, link.domain
        ),
        "botUniqueID": bot_unique_id,
    }


METHOD = Method(
    name="linkcreation",
    service="chatbotwebhook-v1",
    summary="A personalised short link that opens a chatbot with the caller's context.",
    description=(
        "Builds the bot URL from the account's `shortlinks.bot_url_template` (`{botid}` is "
        "filled in). In append mode (default) cli, botUniqueID and every other "
        "`$flow.key.*` variable are added as query parameters; in reference mode only "
        "botUniqueID, and the bot reads the rest from `GET /api/v1/bot-sessions/"
        "{botUniqueID}` with its token. The link expires after the account's "
        "`bot_link_lifetime_days` (default 30)."
    ),
    account=AccountRule.OPTIONAL,
    extras="$flow.key",
    inputs=(
        Param(
            "cli",
            kinds.Phone(),
            example="918160712345",
            description="The caller's number (CLI); normalised to E.164.",
        ),
        Param(
            "botid",
            kinds.Text(max_length=128, allow_empty=False),
            required=True,
            example="123",
            description="The chatbot's id, filled into the template's {botid}.",
        ),
        Param(
            "token",
            kinds.Text(max_length=200, allow_empty=False),
            required=True,
            secret=True,
            example="abcd1234",
            description="The chatbot's cust token; it names the account.",
        ),
    ),
    outputs=(
        Output("shortenUrl", "https://s.example.com/BEK4YYnx", "The short link to send."),
        Output("botUniqueID", "Xk7mP2qRt9vWbN4cY8Ze", "The bot session's id."),
    ),
    examples=(
        Example(
            {
                "$flow.key.cli": "918160712345",
                "$flow.key.botid": "123",
                "$flow.key.token": "abcd1234",
                "$flow.key.customerName": "Ravi",
            }
        ),
    ),
    run=run,
)
