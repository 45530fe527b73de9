"""The qasync quirks `desktop.compat` fixes, checked on a real QApplication."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

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


def test_pysides_import_hook_no_longer_keeps_every_module_source_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quirk 7: the same answer to "does this module name PySide6?", without the source kept for good."""
    import linecache

    feature = sys.modules["shibokensupport.feature"]  # the private names this quirk relies on (PySide6 6.12)
    assert getattr(feature._mod_uses_pyside, "familiar_cheap", False), "compat's replacement is not installed"
    assert isinstance(feature.pyside_feature_dict, dict)
    (tmp_path / "familiar_plain_probe.py").write_text("VALUE = 1\n")
    (tmp_path / "familiar_qt_probe.py").write_text("from PySide6 import QtCore\nVALUE = QtCore.QPoint(1, 2)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import familiar_plain_probe  # type: ignore[import-not-found]  # noqa: F401
        import familiar_qt_probe  # type: ignore[import-not-found]  # noqa: F401

        assert feature.pyside_feature_dict["familiar_plain_probe"] == -1  # "ignore this module", as before
        assert feature.pyside_feature_dict["familiar_qt_probe"] == 0  # uses PySide: "no feature", as before
        assert not [name for name in linecache.cache if str(tmp_path) in name]
    finally:
        for name in ("familiar_plain_probe", "familiar_qt_probe"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_closing_a_loop_kills_the_qt_timers_of_its_pending_callbacks(qapp: QtWidgets.QApplication) -> None:
    """Quirk 8: a loop closed with callbacks pending does not wake the next loop when they come due."""
    fired: list[str] = []

    class Watch(QtCore.QObject):
        def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # Qt override
            if event.type() == QtCore.QEvent.Type.Timer and watched is old_timer:
                fired.append("timer event for the closed loop")
            return False

    old = compat.new_event_loop()
    old_timer = old._timer  # qasync 0.28's _SimpleTimer (pinned here: quirk 8 relies on it)
    assert isinstance(old_timer._SimpleTimer__callbacks, dict)
    handles = [old.call_later(0.1, fired.append, "ran"), old.call_later(0.1, fired.append, "cancelled")]
    handles[1].cancel()
    old.close()
    assert not old_timer._SimpleTimer__callbacks
    watch = Watch()
    qapp.installEventFilter(watch)
    try:
        compat.run(lambda: asyncio.sleep(0.3))  # past the callbacks' due time, on a new loop
    finally:
        qapp.removeEventFilter(watch)
    assert fired == []
