"""`familiar --headless`: the bot alone, until SIGINT or SIGTERM.

Every way this process ends, in one place:
1. SIGINT or SIGTERM: orderly shutdown through the supervisor, exit 0.
2. A second SIGINT while shutting down: exit at once with 130.
3. Something the user must fix before the bot can run (no token, a bad
   settings file or environment variable, an unusable folder, a locked
   database): one sentence, exit 2, so a service manager sees the failure.
4. An unexpected exception in startup: logged, exit 1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable, Mapping

from .folders import Folders
from .gc_freeze import freeze_startup_objects
from .malloc_arenas import limit_malloc_arenas
from .supervisor import ErrorKind, State, Supervisor

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 5.0
EXIT_CONFIG = 2

#: Headless users have no Settings window: say which variables to set.
NO_TOKEN_MESSAGE = (
    "No bot token: set FAMILIAR_DISCORD_TOKEN (and FAMILIAR_OPENAI_BASE_URL, FAMILIAR_OPENAI_API_KEY, "
    "FAMILIAR_MODEL), or save one with the tray app's Settings."
)


async def run_headless(folders: Folders, env: Mapping[str, str] | None = None) -> int:
    limit_malloc_arenas()  # before the supervisor starts threads
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_signal(signum: int) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            if signum == signal.SIGINT:
                log.warning("Second %s: exiting now", name)
                logging.shutdown()
                os._exit(130)
            return
        log.info("Received %s; shutting down", name)
        stop.set()

    installed = _install_signal_handlers(loop, on_signal)
    supervisor = Supervisor(folders, env=env)
    try:
        await supervisor.start()
        freeze_startup_objects()  # before its first connection exists (see gc_freeze)
        snapshot = supervisor.snapshot
        if snapshot.state is State.NOT_CONFIGURED:
            log.error("%s", NO_TOKEN_MESSAGE)
            return EXIT_CONFIG
        if snapshot.state is State.ERROR and snapshot.error_kind is ErrorKind.CONFIG:
            # The supervisor's own ERROR line above already holds the sentence.
            log.info("Exiting with code %d: the configuration needs fixing first", EXIT_CONFIG)
            return EXIT_CONFIG
        await stop.wait()
    finally:
        await supervisor.shutdown(SHUTDOWN_TIMEOUT)
        for signum in installed:
            loop.remove_signal_handler(signum)
    return 0


def _install_signal_handlers(loop: asyncio.AbstractEventLoop, handler: Callable[[int], None]) -> list[int]:
    installed: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, handler, signum)
            installed.append(signum)
        except NotImplementedError:
            # Windows: no loop signal handlers; a plain handler hops onto the loop.
            signal.signal(signum, lambda s, _f: loop.call_soon_threadsafe(handler, s))
    return installed
