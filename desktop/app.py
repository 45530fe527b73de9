"""`familiar`: the tray app. One QApplication, one qasync loop, one copy per user.

Startup phases, in order:
  1. Logging: the rotating file in the log folder (and stderr); Qt's messages,
     Python warnings and uncaught slot exceptions are routed into it.
  2. QApplication: PySide6 before qasync (see compat), and the app does not
     quit when its last window closes (it lives in the tray).
  3. Single instance: a later copy tells the first to open Settings and exits.
     Then, before the loop runs, what start-up made is frozen out of the
     garbage collector (`bot.gc_freeze`; again once the supervisor has started).
  4. The qasync loop runs `_main`: signal and aboutToQuit hooks, then
     `Shell.run()` (the tray icon or window while the supervisor starts, then
     what the first reply would import, in a worker thread; wait for a stop;
     teardown).
  5. After the loop: stop serving other copies, release the lock, return.

Every way the process ends (all but 5-7 go through `Shell.request_stop`,
then the supervisor's orderly shutdown, then exit code 0):
  1. Quit in the tray menu; without a tray, Quit or closing the window.
  2. SIGINT or SIGTERM (a second SIGINT during shutdown exits at once, 130).
  3. OS logout or Qt quitting on its own (`aboutToQuit`); compat re-enters
     the loop so the shutdown still completes.
  4. `quit` (or `menu quit`) from another process over the single-instance socket.
  5. Another copy is running: it is asked to open Settings; 0 (1 if it never answers).
     A folder Familiar needs cannot be created or written: one sentence, exit 2.
  6. An unexpected error: logged, whatever started is shut down, exit 1.
  7. `--self-test` (desktop/selftest.py): loads every part of the app offscreen,
     prints what it checked, exits 0 (1 naming what failed) without starting the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from types import TracebackType

from bot.folders import FolderError, Folders
from bot.gc_freeze import freeze_startup_objects
from bot.logging_setup import setup_logging
from bot.supervisor import Supervisor

from . import compat, i18n, icons, qt_logging  # compat imports PySide6 before qasync
from .compat import QtWidgets
from .e2e_state_file import StateFile
from .shell import Shell
from .single_instance import SingleInstance, lock_path

log = logging.getLogger(__name__)


def run(args: argparse.Namespace, folders: Folders) -> int:
    # Phase 1: logging, then the folders (the single-instance lock lives in one).
    setup_logging(folders.log_file, stderr=True, level=getattr(logging, args.log_level, logging.INFO))
    try:
        folders.ensure()
    except FolderError as error:
        log.error("%s", error)
        return 2
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    qt_logging.route_qt_messages()
    if getattr(args, "self_test", False):
        from . import (
            selftest,  # only here: it swaps in offscreen Qt and a stand-in keyring
        )

        return selftest.run()

    # Phase 2: the QApplication.
    # argv[0] "familiar" names the X11 WM_CLASS the same however we were started.
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["familiar"])
    assert isinstance(app, QtWidgets.QApplication)
    app.setApplicationName("Familiar")
    app.setDesktopFileName("familiar")
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)
    # The user's language (the About page's choice, else the system's), before any window exists.
    i18n.install(app, i18n.load_choice(folders.config))

    # Phase 3: one copy per user.
    instance = SingleInstance(folders)
    if not instance.acquire():
        answered = instance.notify_running("settings")
        if answered:
            log.info("Familiar is already running; asked it to open Settings")
            return 0
        log.error("Familiar seems to be running (lock %s) but does not answer", lock_path(folders))
        return 1

    freeze_startup_objects()

    # Phase 4: the loop.
    log.info("Familiar starting (log folder %s)", folders.logs)
    try:
        return compat.run(lambda: _main(app, folders, instance))
    except Exception:
        log.exception("Familiar stopped on an unexpected error")
        return 1
    finally:
        # Phase 5.
        instance.close()
        log.info("Familiar exited")


async def _main(app: QtWidgets.QApplication, folders: Folders, instance: SingleInstance) -> int:
    loop = asyncio.get_running_loop()
    shell: Shell | None = None

    def on_signal(signum: int) -> None:
        # Runs as a loop callback, so never while the shell below is being built.
        name = signal.Signals(signum).name
        if shell is None:
            return
        if shell.stopping:
            if signum == signal.SIGINT:
                log.warning("Second %s while shutting down: exiting now", name)
                logging.shutdown()
                os._exit(130)
            return
        shell.request_stop(f"received {name}")

    def on_about_to_quit() -> None:
        if shell is not None:
            shell.request_stop("the desktop session is ending")

    # Before the shell (and so the tray, which may be on screen at once): a signal from then on
    # takes the orderly way out, not the default one (killed, or a KeyboardInterrupt traceback).
    remove_signals = compat.install_stop_signals(loop, on_signal)
    app.aboutToQuit.connect(on_about_to_quit)
    try:
        shell = Shell(Supervisor(folders), folders, state_file=StateFile.from_env(), after_start=freeze_startup_objects)
        instance.listen(shell.handle_command)
        return await shell.run()
    finally:
        app.aboutToQuit.disconnect(on_about_to_quit)
        remove_signals()


def _log_uncaught(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
    """PySide6 reports exceptions raised in slots through sys.excepthook: keep them in the log."""
    log.critical("Uncaught exception", exc_info=(kind, error, traceback))
