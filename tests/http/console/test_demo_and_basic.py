"""`flowhooks demo`'s console user, and the test form on a Basic-auth deployment."""

from __future__ import annotations

from typing import Any

from flowhooks.accounts import demo
from flowhooks.auth import console_users as users
from tests.conftest import client_for
from tests.http.console.conftest import log_in, page_csrf


async def test_demo_gives_admin_a_new_password_each_time(app: Any) -> None:
    """The demo's console user `admin` logs in with the latest printed password only."""
    db = app.state.runtime.db
    first = await demo.seed_console_admin(db)
    second = await demo.seed_console_admin(db)
    assert first != second
    async with db.session() as session:
        assert await users.authenticate(session, demo.CONSOLE_ADMIN, second) is not None
        assert await users.authenticate(session, demo.CONSOLE_ADMIN, first) is None


async def test_form_sends_basic_credentials_when_the_deployment_needs_them(
    app_factory: Any, admin_user: str
) -> None:
    """Under FLOWHOOKS_WEBHOOK_AUTH=basic the form asks for, and sends, the Basic pair."""
    from flowhooks.accounts import service

    application = await app_factory(webhook_auth="basic")
    db = application.state.runtime.db
    await demo.seed(db)
    async with db.session() as session:
        row = await service.get_or_404(session, demo.DEMO_ACCOUNT_ID)
        await service.set_basic_auth(session, row, "flows", "flows-password")
    async with client_for(application) as console:
        await log_in(console)
        path = "/admin/methods/fetchUserPreferences"
        page = (await console.get(path)).text
        assert 'name="basic_user"' in page
        csrf = await page_csrf(console, path)
        fields = {
            "csrf_token": csrf,
            "in:$user.syskey.contactNumber": "9812345678",
            "in:$user.syskey.accountID": "1",
        }
        refused = await console.post(path, data=fields, follow_redirects=True)
        assert 'id="http-status">401<' in refused.text
        answered = await console.post(
            path,
            data={**fields, "basic_user": "flows", "basic_password": "flows-password"},
            follow_redirects=True,
        )
        assert 'id="answer-status">SUCCESS<' in answered.text
        assert "flows:PASSWORD" in answered.text
        assert "flows-password" not in answered.text.split('id="curl"')[1]
