"""The running desktop app: supervisor, tray and settings window around one stop event.

`Shell.run()` is the app's main coroutine (minus process concerns, which
live in `app.py`): it shows the tray (or the settings window when there is no
tray) while it starts the supervisor, then listens for the network coming
back and the computer waking up (`network_watch`), warms up what the bot's
first reply would import on the loop, waits until something asks to stop, and
tears everything down in order. `request_stop()` is the single way in for
every exit path (also while the supervisor is still starting); `close()` is
idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import time
from collections.abc import Callable, Iterable

from PySide6 import QtWidgets

from bot.folders import Folders
from bot.supervisor import Snapshot, State, Supervisor

from . import autostart as autostart_module
from .e2e_state_file import StateFile
from .network_watch import NetworkWatch
from .settings.log_buffer import LogBuffer
from .settings.saving import save_and_apply
from .settings.window import SettingsWindow
from .status import Presentation
from .tasks import UiTasks
from .tray import Tray

log = logging.getLogger(__name__)

#: Leaves room under the 5 s promise for Qt's own teardown.
SHUTDOWN_TIMEOUT = 4.0
#: Some panels start after the apps in the session: wait this long for a tray.
TRAY_WAIT = 5.0
TRAY_POLL = 0.5

#: What the bot's first reply would import on the event loop (the UI thread too): anyio's asyncio
#: backend and the socket and stream modules it loads, when httpcore2 opens the first connection
#: to the model (10-15 ms, and a cold disk's reads). Imported in a worker thread once the
#: supervisor has started; a thread's import lets go of the GIL every few milliseconds, so the
#: UI keeps running. (The rest of the bot's lazy imports already happen off the loop: openai and
#: httpcore2 where the supervisor builds the model client, Pillow where pictures are decoded.
#: `python -m tests.benchmarks.bench_ui_stalls --modules` lists what each phase imports.)
FIRST_REPLY_MODULES = ("anyio._backends._asyncio",)


def import_modules(names: Iterable[str]) -> None:
    """Import `names` (blocking: call it in a worker thread); a module that moved costs only a stall later."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as error:
            log.debug("Not imported ahead of use: %s (%s)", name, error)


class Shell:
    def __init__(
        self,
        supervisor: Supervisor,
        folders: Folders,
        *,
        autostart: autostart_module.Autostart | None = None,
        tray_wait: float = TRAY_WAIT,
        state_file: StateFile | None = None,
        clock: Callable[[], float] = time.time,
        network_watch: Callable[[Supervisor], NetworkWatch] = NetworkWatch.for_this_system,
        after_start: Callable[[], object] = lambda: None,
    ) -> None:
        self.supervisor = supervisor
        #: Run once the supervisor has started, before its first connection exists (the app
        #: freezes start-up objects then: bot.gc_freeze; tests, which share one process, do not).
        self._after_start = after_start
        self.folders = folders
        self.autostart = autostart or autostart_module.for_this_platform()
        self.tray_wait = tray_wait
        self.tasks = UiTasks()
        self._make_network_watch = network_watch
        self.network_watch: NetworkWatch | None = None
        self.stop_reason: str | None = None
        self._stop = asyncio.Event()
        self._closed = False
        self._start_task: asyncio.Task[None] | None = None
        self._asked_to_configure = False
        self.tray = Tray(
            supervisor,
            folders.logs,
            start_at_login=self.autostart.is_enabled(),
            clock=clock,
            state_file=state_file,
        )
        # The settings window is built when first opened (9 MB an app that sits in the tray never
        # needs); its Logs page shows what was logged since app start, collected here meanwhile.
        self.log_buffer = LogBuffer()
        self.log_buffer.attach()
        self._settings_window: SettingsWindow | None = None
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.quit_requested.connect(lambda: self.request_stop("Quit chosen"))
        self.tray.start_at_login_toggled.connect(self._on_start_at_login)
        self.tray.presented.connect(self._on_presented)
        self._unsubscribe = supervisor.subscribe(self._on_snapshot)

    @property
    def settings_window(self) -> SettingsWindow:
        """The settings window, built the first time it is needed (about 10 ms)."""
        if self._settings_window is None:
            window = SettingsWindow(self.supervisor, self.folders, self.tasks, self.log_buffer)
            window.quit_requested.connect(lambda: self.request_stop("Quit chosen in the window"))
            window.start_at_login_changed.connect(self._on_start_at_login)
            if self.tray.presentation is not None:  # the tray's words ("Starting…"), not the window's own
                window.show_status(self.tray.presentation)
            self._settings_window = window
        return self._settings_window

    # ----- the one way to stop -----

    def request_stop(self, reason: str) -> None:
        """Idempotent; safe from any slot or signal handler on the loop thread."""
        if self._stop.is_set():
            return
        log.info("Stopping: %s", reason)
        self.stop_reason = reason
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def handle_command(self, command: str) -> bool:
        """A command from another `familiar` process (see single_instance)."""
        if command == "settings":
            self.open_settings()
            return True
        if command == "quit":
            self.request_stop("asked by another process")
            return True
        name = command.removeprefix("menu ").strip()
        if command.startswith("menu ") and name:
            return self.tray.trigger(name)
        return False

    # ----- run -----

    async def run(self) -> int:
        try:
            # The icon first ("Starting…"), the supervisor's start meanwhile: it reads the settings
            # and secrets and builds the model client in worker threads, so the loop shows the icon.
            self.tasks.spawn(self._show_tray_or_window(), "familiar-tray-wait")
            if await self._start_supervisor():
                self._after_start()
                self.network_watch = self._make_network_watch(self.supervisor)
                self.tasks.spawn(asyncio.to_thread(import_modules, FIRST_REPLY_MODULES), "familiar-warm-up")
                await self._stop.wait()
        finally:
            await self.close()
        return 0

    async def _start_supervisor(self) -> bool:
        """`supervisor.start()`, unless a stop is asked for first: then False (`close` finishes it)."""
        loop = asyncio.get_running_loop()
        self._start_task = loop.create_task(self.supervisor.start(), name="familiar-supervisor-start")
        stop = loop.create_task(self._stop.wait(), name="familiar-stop-wait")
        try:
            await asyncio.wait({self._start_task, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            await asyncio.gather(stop, return_exceptions=True)
        if not self._start_task.done():
            return False
        self._start_task.result()  # an unexpected error in start(): the app's exit 1
        return True

    async def _finish_start(self) -> None:
        """Quit while the supervisor was starting: let it finish (files and the keyring, in worker
        threads), so that its shutdown closes what it opened; give up after SHUTDOWN_TIMEOUT
        (a keyring waiting on an unlock prompt nobody answers).
        """
        task = self._start_task
        if task is None or task.done():
            return
        log.info("Waiting for the bot's start-up to finish before shutting it down")
        _done, pending = await asyncio.wait({task}, timeout=SHUTDOWN_TIMEOUT)
        if pending:
            log.warning("The bot's start-up did not finish in %g s; cancelling it", SHUTDOWN_TIMEOUT)
            task.cancel()
        (outcome,) = await asyncio.gather(task, return_exceptions=True)
        if isinstance(outcome, Exception):
            log.error("The bot's start-up failed while stopping", exc_info=outcome)

    async def close(self) -> None:
        """Stop everything in order: UI work, then the bot, then the icon. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.request_stop("closing")
        if self.network_watch is not None:
            self.network_watch.close()
        await self.tasks.close()
        await self._finish_start()
        await self.supervisor.shutdown(SHUTDOWN_TIMEOUT)  # the icon still says "Shutting down…"
        self._unsubscribe()
        self.tray.close()
        if self._settings_window is not None:
            self._settings_window.dispose()  # closes without asking about unsaved changes
            self._settings_window.deleteLater()
        self.log_buffer.detach()

    async def _show_tray_or_window(self) -> None:
        """Show the tray icon; with no tray after `tray_wait`, the window becomes the app."""
        deadline = time.monotonic() + self.tray_wait
        while not QtWidgets.QSystemTrayIcon.isSystemTrayAvailable():
            if time.monotonic() >= deadline:
                log.warning("No system tray on this desktop: showing the Familiar window instead")
                self.settings_window.set_main_window(True)
                self.open_settings()
                return
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), TRAY_POLL)
            if self._stop.is_set():
                return
        self.tray.show()
        log.info("Tray icon shown")

    # ----- reactions -----

    def open_settings(self) -> None:
        if not self._closed:
            self.settings_window.open()

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        # First run: nothing to connect with, so the user's next step is Settings.
        if snapshot.state is State.NOT_CONFIGURED and not self._asked_to_configure:
            self._asked_to_configure = True
            self.open_settings()

    def _on_presented(self, presentation: Presentation) -> None:
        if self._settings_window is not None:  # a window built later starts from the tray's words
            self._settings_window.show_status(presentation)

    def _on_start_at_login(self, enabled: bool) -> None:
        self.tasks.spawn(self._set_start_at_login(enabled), "familiar-autostart")

    async def _set_start_at_login(self, enabled: bool) -> None:
        try:
            if enabled:
                await asyncio.to_thread(self.autostart.enable, autostart_module.launch_command())
            else:
                await asyncio.to_thread(self.autostart.disable)
            settings = self.supervisor.view.settings
            if settings is not None and settings.start_at_login != enabled:
                updated = settings.model_copy(update={"start_at_login": enabled})
                await save_and_apply(self.supervisor, self.folders, updated)
            log.info("Start at login %s", "on" if enabled else "off")
        except Exception:
            log.exception("Could not change start at login")
        finally:
            self.tray.set_start_at_login(self.autostart.is_enabled())
