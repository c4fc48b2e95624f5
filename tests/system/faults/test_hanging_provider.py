"""A provider that hangs: answers stay inside the account's budget, other calls stay fast.

A real `flowhooks serve` (SQLite) has its Google Translation v2 base URL and its account's
Rasa URL on a local server that accepts connections and never answers. Fifty translateText
and twenty speechprocessing calls hang there at once while fetchUserPreferences calls run
beside them: every provider call answers 504 UPSTREAM_TIMEOUT close to the account's
budget, and the reads answer in milliseconds all along (the event loop is never blocked).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from flowhooks.accounts import demo
from flowhooks.errors import UpstreamTimeout
from flowhooks.language.nlu.rasa import RasaNlu
from flowhooks.language.translation.transport import post_within_budget
from flowhooks.store import migrate
from flowhooks.store.database import Database
from tests.system.faults.hung_servers import HungServer, hung_server
from tests.system.faults.live import Answer, Server, call, flowhooks_serve

BUDGET_SECONDS = 2.0  # the account's provider budget (translation and NLU)
METHOD_BUDGET_SECONDS = 7.5  # the server's method time budget (its default)
# Seventy answers falling due in the same instant on a shared 2-CPU machine: queueing for
# the CPU, not waiting on the provider (the messages below prove which budget fired).
SLACK_SECONDS = 2.5
TRANSLATIONS = 50
SPEECHES = 20
READERS = 3
READ_LIMIT_SECONDS = 1.5  # a blocked loop would hold reads for the whole 2 s budget
ADMIN_TOKEN = "faults-admin-token"
CONTACT = {"$user.syskey.contactNumber": "+919979746666", "$user.syskey.accountID": "1"}


@pytest.fixture
async def hung() -> AsyncIterator[HungServer]:
    async with hung_server() as server:
        yield server


@pytest.fixture
async def server(hung: HungServer, tmp_path: Path) -> AsyncIterator[Server]:
    """flowhooks serve on SQLite; Google and the demo account's Rasa both on the hung server."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'flowhooks.db'}"
    db = Database(url)
    try:
        await migrate.upgrade(db)
        await demo.seed(db)
    finally:
        await db.dispose()
    env = {
        "FLOWHOOKS_DATABASE_URL": url,
        "FLOWHOOKS_DATA_DIR": str(tmp_path / "data"),
        "FLOWHOOKS_GOOGLE_TRANSLATE_URL": hung.url,
        "FLOWHOOKS_ADMIN_TOKEN": ADMIN_TOKEN,
    }
    async with flowhooks_serve(env, tmp_path / "server.log") as running:
        settings = {
            "translation": {"provider": "google", "timeout_seconds": BUDGET_SECONDS},
            "nlu": {"provider": "rasa", "rasa_url": hung.url, "timeout_seconds": BUDGET_SECONDS},
        }
        async with httpx.AsyncClient(base_url=running.url) as client:
            changed = await client.patch(
                "/api/v1/accounts/1",
                json={"settings": settings},
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            )
            assert changed.status_code == 200, changed.text
            stored = await call(client, "updateUserPreferences", CONTACT | {"$user.key.lang": "hi"})
            assert stored.status == 200
        yield running


async def reads_until(client: httpx.AsyncClient, done: asyncio.Event) -> list[Answer]:
    """fetchUserPreferences, one after the other, until ``done``."""
    answers = []
    while not done.is_set():
        answers.append(await call(client, "fetchUserPreferences", CONTACT))
        await asyncio.sleep(0.02)
    return answers


async def test_hanging_providers_answer_inside_the_budget_and_never_block_reads(
    server: Server, hung: HungServer
) -> None:
    """50 translations and 20 NLU calls on a provider that never answers: each is a 504
    UPSTREAM_TIMEOUT inside the 2 s budget (plus scheduling slack), and reads beside them
    stay fast."""
    limits = httpx.Limits(max_connections=TRANSLATIONS + SPEECHES + 10)
    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
        warm = await call(client, "fetchUserPreferences", CONTACT)
        assert warm.values["$user.key.lang"] == "hi"
        provider_calls_done = asyncio.Event()
        readers = [
            asyncio.create_task(reads_until(client, provider_calls_done)) for _ in range(READERS)
        ]
        translations = [
            call(
                client,
                "translateText",
                {
                    "$flow.key.inputText": f"Your appointment number {i} is confirmed",
                    "$flow.key.targetLang": "Hindi",
                    "$flow.key.apiKey": "AIza-faults-test-key",
                    "$flow.key.accountID": "1",
                },
            )
            for i in range(TRANSLATIONS)
        ]
        speeches = [
            call(
                client,
                "speechprocessing",
                {"$flow.key.speechText": f"I want to pay bill {i}", "$flow.key.accountID": "1"},
            )
            for i in range(SPEECHES)
        ]
        answers = await asyncio.gather(*translations, *speeches)
        provider_calls_done.set()
        read_answers = [a for answers_of in await asyncio.gather(*readers) for a in answers_of]

    provider_of = {"translateText": "Google Translate", "speechprocessing": "Rasa"}
    for answer in answers:
        assert answer.status == 504, (answer.method, answer.body)
        assert answer.code == "UPSTREAM_TIMEOUT"
        assert answer.values["$flow.key.errorCode"] == "UPSTREAM_TIMEOUT"
        # The account's provider budget cut the call, not the method budget behind it.
        message = answer.values["$flow.key.errorMessage"]
        assert message == f"{provider_of[answer.method]} did not answer within 2 s", message
        assert answer.elapsed >= BUDGET_SECONDS * 0.95, (answer.method, answer.elapsed)
        assert answer.elapsed < min(BUDGET_SECONDS + SLACK_SECONDS, METHOD_BUDGET_SECONDS), (
            answer.method,
            answer.elapsed,
        )
    assert hung.connections >= TRANSLATIONS + SPEECHES  # every call really reached it

    first_provider_answer = min(a.started + a.elapsed for a in answers)
    during = [a for a in read_answers if a.started + a.elapsed < first_provider_answer]
    assert len(during) >= 10, len(during)  # answered while every provider call hung
    assert all(a.status == 200 and a.values["$user.key.lang"] == "hi" for a in read_answers)
    slowest = max(a.elapsed for a in read_answers)
    assert slowest < READ_LIMIT_SECONDS, f"a read took {slowest:.2f} s beside the hung calls"
    assert statistics.median(a.elapsed for a in read_answers) < 0.25
    assert "webhook_crashed" not in server.log()


@pytest.mark.parametrize("trickle", [None, 0.1], ids=["silent", "trickling"])
async def test_provider_calls_are_cut_at_the_budget_even_when_bytes_keep_coming(
    trickle: float | None,
) -> None:
    """The budget bounds the whole request: a server sending a header byte every 0.1 s
    (each read inside httpx's per-read timeout) is cut off like a silent one."""
    budget = 0.5
    async with hung_server(trickle_every=trickle) as provider, httpx.AsyncClient() as http:
        rasa = RasaNlu(http, provider.url, timeout_seconds=budget)
        started = time.monotonic()
        async with asyncio.timeout(budget + 2):  # a regression fails here instead of hanging
            with pytest.raises(UpstreamTimeout):
                await rasa.parse("pay my bill")
        assert time.monotonic() - started < budget + 0.5

        started = time.monotonic()
        async with asyncio.timeout(budget + 2):
            with pytest.raises(UpstreamTimeout):
                await post_within_budget(
                    http,
                    f"{provider.url}/language/translate/v2",
                    provider="Google",
                    budget_seconds=budget,
                    json={"q": "hello", "target": "hi"},
                )
        assert time.monotonic() - started < budget + 0.5
        assert provider.connections == 2
