"""Every background service a process runs, installed from one explicit list.

The app lifespan and `flowhooks worker` both call `install`. Warm-ups run in every process
that needs them: the calendar everywhere (the dispatcher reads calendars too), the language
models only where webhooks are answered (`serving`). The rest (jobs, outbound dispatch,
cache purge, visit flushing) runs where the background work runs: `worker` processes, or
`serve` itself with the embedded worker (FLOWHOOKS_EMBEDDED_WORKER=true, the default).
"""

from __future__ import annotations

from flowhooks.calendar.warmup import install_calendar_warmup
from flowhooks.jobs.worker import install_job_worker
from flowhooks.language.translation.purge import install_translation_cache_purger
from flowhooks.language.warmup import install_language_warmup
from flowhooks.outbound.dispatcher import install_dispatcher
from flowhooks.runtime import Runtime
from flowhooks.shortlinks.redirects import install as install_shortlinks


def install(runtime: Runtime, *, serving: bool = True) -> None:
    install_job_worker(runtime)
    if serving:
        install_language_warmup(runtime)
    install_translation_cache_purger(runtime)
    install_calendar_warmup(runtime)
    install_dispatcher(runtime)
    install_shortlinks(runtime)
