"""qasync, PySide6 and Qt/asyncio quirks, in one place (qasync 0.28, PySide6 6.7-6.12).

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
   control back from Qt's native loop, hence a wake-up timer there (once a
   second: idle means idle).
4. qasync logs every callback at DEBUG; that would drown `--log-level DEBUG`.
5. PySide6 6.12.0 on CPython 3.11 hands out references to None and True it does
   not own: every call of a method returning nothing (`setText`, `killTimer`,
   which qasync calls once per asyncio callback, ...) or returning None, and
   every `Signal.emit()` (qasync's `call_soon_threadsafe`), lowers their count
   by one. From 3.12 on both are immortal and that is harmless; on 3.11 the
   process aborts ("Fatal Python error: none_dealloc", "bool_dealloc") once a
   count reaches zero: a bare script within a second, the app (which starts
   with about 100,000 references to None and 20,000 to True) after that many
   callbacks and emits, i.e. after hours of use. Here they get a count no
   program can use up, as 3.12 does; where nothing steals, that changes nothing.
6. Stalls: the stall monitor (bot/stall_monitor.py) needs to know when the loop
   waits and when it works, without a timer of its own (idle means idle).
   qasync's loop never calls its selector; Qt waits in its event dispatcher. Its
   `aboutToBlock` signal comes right before each wait, but its `awake` signal
   does not mark the end of one (with glib, Linux's dispatcher, it comes after
   the timers and socket notifiers that the wait made ready have run). What
   starts Python code after a wait is an event: timers, socket notifiers,
   posted events (queued signals, `call_soon_threadsafe`), input and paint all
   reach objects through `QCoreApplication::notify`, and so through an
   application event filter. `QEventLoop.probe_busy` says "idle" at
   `aboutToBlock` and "busy" at the first event after it; the filter is only
   installed while the loop waits, so busy stretches pay for one call, not one
   per event.
7. PySide6's import hook (shibokensupport.feature, for `from __feature__ import
   snake_case`) asks of every Python module imported once PySide6 is, whether its
   source names "PySide6", through `inspect.getsource`: that leaves the whole
   text of every module (about 1,400 in the app, openai's types among them) in
   `linecache` for good, 18 MB of the tray app's idle memory, and makes every
   import pay for splitting its file into lines. `_cheap_pyside_check` asks the
   same question of the file's bytes, kept nowhere; the answer is the same
   (`-1`, "ignore this module", for nearly all of them: the app never imports
   `__feature__`). Tracebacks still show source lines: `linecache` reads a file
   when a traceback needs it.
8. qasync 0.28's `close()` only flags its callback timer as stopped: every Qt
   timer still pending for the closed loop (a `call_later` not yet due, or a
   cancelled one: qasync leaves those to fire) still fires once, later, into the
   next loop's wait (in the test suite, another test's "idle" loop wakes up).
   `QEventLoop.close` kills them.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import sys
import types
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

# Quirk 1. QT_API, when set, beats what is imported: a user's QT_API=pyqt5 (for
# some other app) would make qasync drive the wrong binding.
if os.environ.get("QT_API", "").strip().lower() not in ("", "pyside6", "pyside"):
    os.environ["QT_API"] = "pyside6"

import PySide6  # noqa: F401 - before qasync, so qasync binds to it
from PySide6 import QtCore, QtWidgets  # QtCore installs the import hook of quirk 7


def _cheap_pyside_check() -> None:
    """Quirk 7: PySide6's per-import "does this module name PySide6?" without filling `linecache`.

    Checked on PySide6 6.7-6.12, where `shibokensupport.feature.feature_imported` calls the
    module-level `_mod_uses_pyside(module)`; a PySide6 without it has nothing to replace.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "familiar_cheap", False):
        return

    def _mod_uses_pyside(module: types.ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))  # extension, frozen or zipped modules: PySide6's own answer
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # no source next to it (inspect.getsource would fail too)
            return False

    _mod_uses_pyside.familiar_cheap = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = _mod_uses_pyside  # type: ignore[attr-defined]


_cheap_pyside_check()

import qasync  # type: ignore[import-untyped]  # noqa: E402 - after PySide6 (quirk 1) and quirk 7

log = logging.getLogger(__name__)
logging.getLogger("qasync").setLevel(logging.INFO)  # quirk 4

T = TypeVar("T")

#: How often Windows wakes the interpreter so a Ctrl+C / SIGTERM handler can run (quirk 3).
WINDOWS_SIGNAL_WAKEUP_MS = 1000


#: What quirk 5 adds to None's, True's and False's counts: 2**60, over 30,000 years of a million
#: references a second, either way.
PINNED_REFCOUNT = 1 << 60


def _pin_singletons() -> None:
    """Quirk 5: give None, True and False a reference count nothing can exhaust (CPython < 3.12)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return  # immortal already (3.12+), or no reference counts to speak of
    # ob_refcnt is a PyObject's first field, after two list pointers in a Py_TRACE_REFS build.
    offset = 2 * ctypes.sizeof(ctypes.c_void_p) if hasattr(sys, "getobjects") else 0
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton) + offset)
        if count.value < PINNED_REFCOUNT:
            count.value += PINNED_REFCOUNT  # the GIL is held: no other thread changes it meanwhile


_pin_singletons()


class QEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop with a `run_until_complete` that survives Qt quitting on its own (quirk 2)
    and that tells a stall monitor when it waits (quirk 6)."""

    _stop_requested = False

    def probe_busy(self, busy: Callable[[], None], idle: Callable[[], None]) -> Callable[[], None]:
        """Call `idle()` whenever the loop thread is about to wait and `busy()` when it starts work
        again (on the loop thread, from now on); returns the function that stops it. Quirk 6."""
        probe = _BusyProbe(busy, idle)
        return probe.close

    def stop(self) -> None:
        self._stop_requested = True
        super().stop()

    def close(self) -> None:
        """Quirk 8: also kill the Qt timers still pending for this loop's callbacks."""
        timer = self._timer  # qasync's _SimpleTimer: Qt timer id -> asyncio handle (0.28)
        super().close()
        pending = timer._SimpleTimer__callbacks
        for timer_id in list(pending):
            timer.killTimer(timer_id)
        pending.clear()

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


class _BusyProbe(QtCore.QObject):
    """Quirk 6: "idle" at the dispatcher's aboutToBlock, "busy" at the first event after it."""

    def __init__(self, busy: Callable[[], None], idle: Callable[[], None]) -> None:
        super().__init__()
        app = QtCore.QCoreApplication.instance()
        dispatcher = QtCore.QAbstractEventDispatcher.instance()
        if app is None or dispatcher is None:
            raise RuntimeError("a busy probe needs the QApplication and its event dispatcher (this thread's)")
        self._app = app
        self._dispatcher = dispatcher
        self._busy = busy
        self._idle = idle
        self._waiting = False  # between aboutToBlock and the next event: the filter is installed
        self._closed = False
        self._dispatcher.aboutToBlock.connect(self._about_to_block)

    def _about_to_block(self) -> None:
        if self._waiting:
            return  # woken with nothing to do (no event): still the same wait
        self._waiting = True
        self._idle()
        self._app.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # Qt override
        if self._waiting:
            self._waiting = False
            self._app.removeEventFilter(self)  # Qt allows this from inside the filter
            self._busy()
        return False

    def close(self) -> None:
        """Idempotent; on the loop thread."""
        if self._closed:
            return
        self._closed = True
        self._dispatcher.aboutToBlock.disconnect(self._about_to_block)
        if self._waiting:
            self._waiting = False
            self._app.removeEventFilter(self)


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
