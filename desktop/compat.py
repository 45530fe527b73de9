"""qasync and Qt/asyncio quirks, in one place (qasync 0.28, PySide6 6.7-6.12).

Every module of `desktop/` imports qasync through here, never directly:

1. PySide6 is imported *before* qasync. qasync binds to the binding named by
   QT_API, else the first one it finds in `sys.modules`, else it tries PyQt5
   first; importing PySide6 first (and overriding a foreign QT_API) pins it
   even when PyQt is also installed.
2. `QEventLoop.run_until_complete` (qasync 0.28) has two traps, fixed in
   `QEventLoop` below:
   - when Qt's own loop ends first (`app.quit()`, the session manager at OS
     logout), it raises "Event loop stopped before Future completed" and the
     app's orderly shutdown never runs;
   - after the loop stops it calls `processEvents()` once more with no running
     asyncio loop, so any task step ready at that moment fails with
     "no running event loop".
   Ours re-enters Qt's loop until the future is done, and skips that last
   `processEvents()` (Qt already flushes deferred deletes when `exec()` ends).
3. Signals: on POSIX the loop's `add_signal_handler` works with qasync (its
   self-pipe is watched by a QSocketNotifier). Windows has no loop signal
   handlers, and a Python signal handler only runs when the interpreter gets
   control back from Qt's native loop, hence a short wake-up timer there.
4. qasync logs every callback at DEBUG; that would drown `--log-level DEBUG`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

# Quirk 1. QT_API, when set, beats what is imported: a user's QT_API=pyqt5 (for
# some other app) would make qasync drive the wrong binding.
if os.environ.get("QT_API", "").strip().lower() not in ("", "pyside6", "pyside"):
    os.environ["QT_API"] = "pyside6"

import PySide6  # noqa: F401 - before qasync, so qasync binds to it
import qasync  # type: ignore[import-untyped]
from PySide6 import QtCore, QtWidgets

log = logging.getLogger(__name__)
logging.getLogger("qasync").setLevel(logging.INFO)  # quirk 4

T = TypeVar("T")

#: How often Windows wakes the interpreter so a Ctrl+C / SIGTERM handler can run (quirk 3).
WINDOWS_SIGNAL_WAKEUP_MS = 250


class QEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop with a `run_until_complete` that survives Qt quitting on its own (quirk 2)."""

    _stop_requested = False

    def stop(self) -> None:
        self._stop_requested = True
        super().stop()

    def run_until_complete(self, future: Any) -> Any:
        if self.is_running():
            raise RuntimeError("Event loop already running")
        future = asyncio.ensure_future(future, loop=self)

        def stop(_: object) -> None:
            self.stop()

        future.add_done_callback(stop)
        self._stop_requested = False
        try:
            while True:
                self.run_forever()
                if future.done() or self._stop_requested:
                    break
                # Qt's loop ended without us (app.quit(), OS logout): the future
                # (our shutdown) still needs a loop, so run Qt's loop again.
                log.info("Qt's event loop ended before the app was done; running it again to finish")
        finally:
            future.remove_done_callback(stop)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()


def new_event_loop() -> QEventLoop:
    """A loop on the QApplication (created if needed): for the app and for tests."""
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    return QEventLoop(app)


def run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `main()` on one qasync loop, then cancel leftovers and close the loop.

    `asyncio.Runner` with a loop factory is what `qasync.run` does on 3.12+;
    we do not call `Runner.run` so that its own SIGINT handler (which would
    cancel `main` instead of shutting down in order) is never installed.
    """
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        return runner.get_loop().run_until_complete(main())


def install_stop_signals(loop: asyncio.AbstractEventLoop, handler: Callable[[int], None]) -> Callable[[], None]:
    """Call `handler(signum)` on the loop for SIGINT/SIGTERM; returns the undo function."""
    signums = [signal.SIGINT, signal.SIGTERM]
    try:
        for signum in signums:
            loop.add_signal_handler(signum, handler, signum)
    except NotImplementedError:
        return _install_windows_signals(loop, handler, signums)

    def remove() -> None:
        for signum in signums:
            loop.remove_signal_handler(signum)

    return remove


def _install_windows_signals(
    loop: asyncio.AbstractEventLoop, handler: Callable[[int], None], signums: list[signal.Signals]
) -> Callable[[], None]:
    previous = {signum: signal.getsignal(signum) for signum in signums}
    for signum in signums:
        signal.signal(signum, lambda s, _frame: loop.call_soon_threadsafe(handler, s))
    wakeup = QtCore.QTimer()
    wakeup.timeout.connect(lambda: None)  # returning to Python is the point (quirk 3)
    wakeup.start(WINDOWS_SIGNAL_WAKEUP_MS)

    def remove() -> None:
        wakeup.stop()
        for signum, old in previous.items():
            signal.signal(signum, old)

    return remove
