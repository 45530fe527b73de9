"""The qasync quirks `desktop.compat` fixes, checked on a real QApplication."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest
from PySide6 import QtCore, QtWidgets

from desktop import compat


def test_pyside6_is_the_binding_qasync_uses() -> None:
    import qasync  # type: ignore[import-untyped]

    assert qasync.QtModuleName == "PySide6"


def test_qt_quitting_on_its_own_still_lets_the_shutdown_finish(qapp: QtWidgets.QApplication) -> None:
    """OS logout: Qt's loop ends first; `aboutToQuit` asks to stop and the async shutdown still runs."""
    steps: list[str] = []

    async def main() -> int:
        stop = asyncio.Event()
        qapp.aboutToQuit.connect(stop.set)
        try:
            QtCore.QTimer.singleShot(50, qapp.quit)
            await asyncio.wait_for(stop.wait(), 5)
            steps.append("stop requested")
            await asyncio.sleep(0.05)  # shutdown work that needs the loop after Qt's exec() returned
            await asyncio.to_thread(steps.append, "shutdown done")
            return 7
        finally:
            qapp.aboutToQuit.disconnect(stop.set)

    assert compat.run(main) == 7
    assert steps == ["stop requested", "shutdown done"]


def test_loop_stop_still_ends_run_until_complete(qapp: QtWidgets.QApplication) -> None:
    loop = compat.new_event_loop()
    try:
        loop.call_later(0.05, loop.stop)
        with pytest.raises(RuntimeError, match="stopped before Future completed"):
            loop.run_until_complete(asyncio.sleep(10))
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
            loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
        loop.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_reaches_the_handler_on_the_loop(qapp: QtWidgets.QApplication) -> None:
    received: list[int] = []

    async def main() -> None:
        stop = asyncio.Event()

        def handler(signum: int) -> None:
            received.append(signum)
            stop.set()

        remove = compat.install_stop_signals(asyncio.get_running_loop(), handler)
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(stop.wait(), 5)
        finally:
            remove()

    compat.run(main)
    assert received == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_foreign_qt_api_setting_does_not_switch_qasync_to_another_binding() -> None:
    import subprocess

    from tests.desktop.conftest import REPO_ROOT

    probe = "import desktop.compat, qasync; print(qasync.QtModuleName)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "QT_API": "pyqt5"},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "PySide6", result.stderr
