"""The console in headless Chromium (Playwright) against a real uvicorn on 127.0.0.1.

Skipped with a reason when Chromium is not installed (Debian's `chromium` package at
/usr/bin/chromium); mandatory when CI=true. Takes a 1366x768 screenshot of each page into a
temporary directory, or into $FLOWHOOKS_SCREENSHOTS when set: `scripts/screenshots` sets it
to docs/screenshots/ to refresh the documentation's pictures, which the suite never touches.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import IN_CI, _fresh

if TYPE_CHECKING:
    from playwright.async_api import ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}
USERNAME = "admin"
PASSWORD = "browser-test-password"


def _missing() -> str | None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "Chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="module")
def chromium_path() -> str:
    reason = _missing()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true makes the browser tests mandatory: {reason}")
        pytest.skip(reason)
    return str(CHROMIUM) if CHROMIUM.exists() else str(shutil.which("chromium"))


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pages' screenshots go: $FLOWHOOKS_SCREENSHOTS, else a temporary directory."""
    chosen = os.environ.get("FLOWHOOKS_SCREENSHOTS")
    if not chosen:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(chosen)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
async def live_server(
    chromium_path: str, sqlite_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """uvicorn serving the app on the test SQLite database, in a thread; yields its URL."""
    import uvicorn

    from flowhooks.accounts import demo
    from flowhooks.auth import console_users as users
    from flowhooks.http.app import create_app
    from flowhooks.settings import Settings

    db = await _fresh(sqlite_url)
    await demo.seed(db)
    async with db.session() as session:
        await users.create(session, USERNAME, PASSWORD)
    await db.dispose()
    settings = Settings(
        database_url=sqlite_url,
        data_dir=str(tmp_path_factory.mktemp("live")),
        invocation_flush_seconds=0.05,
        account_cache_seconds=0,
        log_level="warning",
    )
    app = create_app(settings, migrate_on_start=False, background=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="on", log_config=None, loop="asyncio", access_log=False, http="h11"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await asyncio.to_thread(thread.join, 15)
    sock.close()


PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
async def browser(chromium_path: str) -> AsyncIterator[Any]:
    """One Chromium for the whole module; each test viewport is a context in it."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


async def _logged_in(browser: Any, live_server: str, **options: Any) -> Any:
    context = await browser.new_context(base_url=live_server, **options)
    tab = await context.new_page()
    await tab.goto("/admin/login")
    await tab.fill("#username", USERNAME)
    await tab.fill("#password", PASSWORD)
    async with tab.expect_navigation():
        await tab.click("button:has-text('Log in')")
    return tab


@pytest.fixture(scope="module")
async def page(browser: Any, live_server: str, screenshots: Path) -> AsyncIterator[Any]:
    """A logged-in page at 1366x768."""
    context = await browser.new_context(viewport=VIEWPORT, base_url=live_server)
    tab = await context.new_page()
    await tab.goto("/admin/methods")
    assert "/admin/login" in tab.url
    await tab.screenshot(path=str(screenshots / "login.png"))
    await tab.fill("#username", USERNAME)
    await tab.fill("#password", PASSWORD)
    async with tab.expect_navigation():
        await tab.click("button:has-text('Log in')")
    assert tab.url.endswith("/admin/methods")
    yield tab
    await context.close()


@pytest.fixture(scope="module")
async def phone(browser: Any, live_server: str) -> AsyncIterator[Any]:
    """A logged-in page at a phone's 390x844, in the dark scheme."""
    tab = await _logged_in(
        browser,
        live_server,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="dark",
    )
    yield tab
    await tab.context.close()


async def test_the_api_docs_render_with_the_network_cut_off(
    browser: Any, live_server: str, screenshots: Path
) -> None:
    """/docs shows the webhook operations when every request off 127.0.0.1 is aborted."""
    context = await browser.new_context(viewport=VIEWPORT, base_url=live_server)
    refused: list[str] = []

    async def local_only(route: Any) -> None:
        if route.request.url.startswith(live_server):
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort()

    await context.route("**/*", local_only)
    tab = await context.new_page()
    await tab.goto("/docs")
    await tab.wait_for_selector(".opblock", timeout=15000)
    assert await tab.locator(".opblock-summary-path >> text=/webhook").count() >= 1
    assert await tab.locator(".opblock").count() > 10
    assert refused == []
    await tab.screenshot(path=str(screenshots / "api-docs.png"))
    await context.close()


async def _send(tab: Any, method: str, extras: str | None = None) -> str:
    """Open a method's page, submit its test form, return the invocation link."""
    await tab.goto(f"/admin/methods/{method}")
    if extras is not None:
        await tab.fill("#extras", extras)
    async with tab.expect_navigation():
        await tab.click("button:has-text('Send')")
    link: str = await tab.get_attribute("#invocation-link", "href")
    return link


async def test_methods_catalogue_lists_the_registry(page: Any, screenshots: Path) -> None:
    """The catalogue shows both user-preference methods with their status."""
    await page.goto("/admin/methods")
    text = await page.inner_text("main")
    assert "fetchUserPreferences" in text
    assert "updateUserPreferences" in text
    await page.screenshot(path=str(screenshots / "methods.png"))


async def test_update_then_fetch_from_the_forms(page: Any, screenshots: Path) -> None:
    """Values stored with the update form are answered by the fetch form; each call opens."""
    update_link = await _send(
        page, "updateUserPreferences", "$user.key.lang=Hindi\n$user.key.tier=gold"
    )
    assert await page.inner_text("#answer-status") == "SUCCESS"
    fetch_link = await _send(page, "fetchUserPreferences")
    assert await page.inner_text("#answer-status") == "SUCCESS"
    assert await page.inner_text("#http-status") == "200"
    answer = await page.inner_text("#answer-keys")
    assert "$user.key.lang\tHindi" in answer
    assert "$user.key.tier\tgold" in answer
    assert "curl -sS -X POST" in await page.inner_text("#curl")
    await page.screenshot(path=str(screenshots / "method-test.png"))

    async with page.expect_navigation():
        await page.click("#invocation-link")
    assert page.url.endswith(fetch_link)
    assert "fetchUserPreferences" in await page.inner_text("h1")
    assert "$user.key.lang\tHindi" in await page.inner_text("#answer-keys")
    await page.screenshot(path=str(screenshots / "invocation.png"))

    await page.goto(update_link)
    assert "updateUserPreferences" in await page.inner_text("h1")
    assert "$user.key.tier\tgold" in await page.inner_text("#request-keys")


async def _log_rows(tab: Any) -> int:
    await tab.goto("/admin/invocations?all_accounts=1")
    count: int = await tab.locator("#invocations tbody tr").count()
    return count


async def test_the_answer_is_in_the_first_viewport_and_back_does_not_resend(page: Any) -> None:
    """After Send the answer's top is inside the first viewport; Back and Forward replay no
    call (Post/Redirect/Get), so the log keeps exactly one row for the Send."""
    before = await _log_rows(page)
    link = await _send(page, "fetchUserPreferences")
    box = await page.locator("#answer").bounding_box()
    assert box is not None
    assert 0 <= box["y"] < VIEWPORT["height"] / 2
    assert page.url.endswith("#answer")
    assert "?answer=" in page.url
    await page.go_back()
    assert "?answer=" not in page.url
    await page.go_forward()
    assert await page.get_attribute("#invocation-link", "href") == link
    await page.reload()
    assert await _log_rows(page) == before + 1


async def test_a_saved_case_runs_from_its_list(page: Any) -> None:
    """A case saved beside Send is listed; its Run shows the answer in the first viewport,
    and the page with the list has no serious accessibility issue."""
    await page.goto("/admin/methods/fetchUserPreferences")
    await page.fill("#case_name", "browser case")
    async with page.expect_navigation():
        await page.click("button:has-text('Save as test case')")
    assert "loaded into the form" in await page.inner_text("#test")
    assert await _serious_violations(page) == []
    async with page.expect_navigation():
        await page.click("#case-list tr:has-text('browser case') button:has-text('Run')")
    assert await page.inner_text("#answer-status") == "SUCCESS"
    box = await page.locator("#answer").bounding_box()
    assert box is not None
    assert 0 <= box["y"] < VIEWPORT["height"] / 2


async def test_optional_examples_are_not_sent(page: Any) -> None:
    """ValidateDateAndTime's form sends no referenceTime unless one is typed."""
    link = await _send(page, "ValidateDateAndTime")
    await page.goto(link)
    sent = await page.inner_text("#request-keys")
    assert "inputDate" in sent
    assert "referenceTime" not in sent


async def test_the_inputs_description_column_is_visible(page: Any) -> None:
    """At 1366 px the Inputs table's Description column lies left of the Test card."""
    await page.goto("/admin/methods/ValidateDateAndTime")
    cell = await page.locator("table.grid th:has-text('Description')").first.bounding_box()
    card = await page.locator("section.card:has(h2:has-text('Test'))").bounding_box()
    assert cell is not None
    assert card is not None
    assert cell["x"] + cell["width"] <= card["x"]
    assert cell["x"] + cell["width"] <= VIEWPORT["width"]


async def test_log_and_overview_show_the_calls(page: Any, screenshots: Path) -> None:
    """The log lists the calls made from the forms; the overview charts them."""
    await page.goto("/admin/invocations")
    log = await page.inner_text("#invocations")
    assert "updateUserPreferences" in log
    assert "fetchUserPreferences" in log
    await page.screenshot(path=str(screenshots / "invocations.png"))
    await page.goto("/admin")
    assert await page.locator("svg.chart").count() >= 3
    await page.screenshot(path=str(screenshots / "overview.png"))


async def test_account_and_contacts_pages(page: Any, screenshots: Path) -> None:
    """The account page saves the IP allow-list; the contact page shows stored values."""
    await page.goto("/admin/account")
    await page.fill("textarea[name=ip_allowlist]", "127.0.0.1")
    async with page.expect_navigation():
        await page.click("button:has-text('Save allow-list')")
    assert "IP allow-list saved." in await page.inner_text("main")
    await page.screenshot(path=str(screenshots / "account.png"))
    await page.goto("/admin/contacts?number=%2B91%2099797%2046666")
    assert "Hindi" in await page.inner_text("#contact-values")
    await page.screenshot(path=str(screenshots / "contacts.png"))


async def test_the_log_finds_a_call_by_its_contact_number(page: Any) -> None:
    """Typing the caller's number in another form finds the call made for it."""
    link = await _send(page, "fetchUserPreferences")
    await page.goto("/admin/invocations")
    await page.fill("input[name=contact]", "+91 99797 46666")
    async with page.expect_navigation():
        await page.click("button:has-text('Search')")
    assert await page.locator(f"#invocations a[href='{link}']").count() == 1
    assert "of" in await page.inner_text("#log-total")


async def test_replay_from_an_invocation_shows_the_new_answer(page: Any) -> None:
    """Replay now runs the call again and lands on the new answer, compared with the old."""
    link = await _send(page, "fetchUserPreferences")
    await page.goto(link)
    async with page.expect_navigation():
        await page.click("button:has-text('Replay now')")
    assert "replay_of=" in page.url
    assert not page.url.split("?")[0].endswith(link)
    assert "Replay of" in await page.inner_text("#replay")
    assert "SUCCESS" in await page.inner_text("h1")


async def test_erase_needs_a_confirmation(page: Any) -> None:
    """The first Erase only asks; the values stay until "Yes, erase" is pressed."""
    await page.goto("/admin/contacts?number=%2B91%2099797%2046666")
    async with page.expect_navigation():
        await page.click("button:has-text('Erase this contact')")
    assert "cannot be undone" in await page.inner_text("#confirm-erase")
    await page.goto("/admin/contacts?number=%2B91%2099797%2046666")
    assert "Hindi" in await page.inner_text("#contact-values")


PAGES = (
    "/admin",
    "/admin/methods",
    "/admin/methods/ValidateDateAndTime",
    "/admin/methods/updateUserPreferences",
    "/admin/invocations",
    "/admin/account",
    "/admin/contacts?number=%2B91%2099797%2046666",
    "/webhook",
)
# The phone screenshot of each page, named like its desktop twin (`<name>-phone.png`).
PHONE_SHOTS = {
    "/admin": "overview",
    "/admin/methods": "methods",
    "/admin/methods/updateUserPreferences": "method-test",
    "/admin/invocations": "invocations",
    "/admin/account": "account",
    "/admin/contacts?number=%2B91%2099797%2046666": "contacts",
}


async def _document_overflow(tab: Any) -> int:
    """How many pixels the document is wider than the viewport."""
    overflow: int = await tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow


async def test_no_page_scrolls_sideways_on_a_phone(phone: Any, screenshots: Path) -> None:
    """At 390 px no page is wider than the screen: the header wraps, tables scroll in place."""
    link = await _send(phone, "fetchUserPreferences")
    for path in (*PAGES, link):
        await phone.goto(path)
        assert await _document_overflow(phone) <= 0, path
        name = "invocation" if path == link else PHONE_SHOTS.get(path)
        if name is not None:
            await phone.screenshot(path=str(screenshots / f"{name}-phone.png"), full_page=True)
    await phone.goto("/admin")
    assert await phone.locator("header nav >> text=Contacts").is_visible()
    box = await phone.locator("header >> text=Log out").bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]


async def test_the_dark_scheme_follows_the_system(phone: Any) -> None:
    """With prefers-color-scheme: dark the page background is dark and the text light."""
    await phone.goto("/admin/methods")
    colours = await phone.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    )
    assert colours == ["rgb(22, 26, 34)", "rgb(230, 233, 239)"]


async def test_the_skip_link_is_the_first_tab_stop(page: Any) -> None:
    """The first Tab reaches "Skip to content", which moves the focus to the main content."""
    await page.goto("/admin/methods")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "content"


async def _serious_violations(tab: Any) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each."""
    from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]

    results = await Axe().run(tab)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", ["desktop", "phone"])
async def test_axe_finds_no_serious_issue_on_any_page(page: Any, phone: Any, width: str) -> None:
    """axe-core, run in the browser on every console page (the login page too), reports no
    serious or critical violation at 1366 or at 390 px."""
    tab = page if width == "desktop" else phone
    link = await _send(tab, "fetchUserPreferences")
    found: dict[str, list[str]] = {}
    for path in (*PAGES, link, "/admin/login"):
        if path == "/admin/login":
            context = await tab.context.browser.new_context(
                viewport=tab.viewport_size, base_url=page.url.split("/admin")[0]
            )
            anonymous = await context.new_page()
            await anonymous.goto(path)
            issues = await _serious_violations(anonymous)
            await context.close()
        else:
            await tab.goto(path)
            issues = await _serious_violations(tab)
        if issues:
            found[path] = issues
    assert found == {}


async def test_logout_returns_to_the_login_page(page: Any) -> None:
    """Log out ends the session: the console asks for a login again."""
    await page.goto("/admin")
    async with page.expect_navigation():
        await page.click("button:has-text('Log out')")
    assert "/admin/login" in page.url
    await page.goto("/admin/account")
    assert "/admin/login" in page.url
