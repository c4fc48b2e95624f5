"""Warm the language models when a server starts, so no caller waits for them.

lingua's models, the romanised-Hindi lexicon (about a second each) and the starter intent
model would otherwise be built on the first FindLanguage / speechprocessing request of a
process. This background service builds them once, in a thread, and ends.
"""

from __future__ import annotations

import asyncio

from flowhooks.language.detect import preload
from flowhooks.runtime import Runtime, settle_heap


class LanguageWarmup:
    """A one-shot background service: preload detection and train the starter intents."""

    def __init__(self, runtime: Runtime) -> None:
        self._cache = runtime.nlu_models

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.to_thread(self._warm)
        settle_heap()

    def _warm(self) -> None:
        preload()
        self._cache.model_for(None)


def install_language_warmup(runtime: Runtime) -> None:
    """Register the warm-up with the runtime's warm-ups (every `serve` process runs it)."""
    runtime.warmups.append(LanguageWarmup(runtime))
