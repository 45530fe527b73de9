"""The stall monitor on the app's Qt loop: probed through Qt (desktop.compat quirk 6), no heartbeat.

A stall is one busy stretch of the UI thread, whatever runs in it: an asyncio callback or
a Qt slot the loop never sees (the heartbeat used to catch those by being late). While the
loop waits, nothing wakes: no heartbeat task, and the watcher thread parks.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
from PySide6 import QtCore

from bot.stall_monitor import StallMonitor
from desktop import compat
from tests.desktop.conftest import REPO_ROOT


def a_slow_callback() -> None:
    time.sleep(0.4)  # blocking the loop is the point: CPU-heavy work done on it by mistake


def a_slow_slot() -> None:
    time.sleep(0.4)


def a_short_pause() -> None:
    time.sleep(0.05)  # well under the 250 ms threshold


async def stalls_after(monitor: StallMonitor, count: int) -> list[tuple[float, str]]:
    assert await asyncio.to_thread(monitor.wait_until, lambda: len(monitor.stalls) >= count, 5)
    return list(monitor.stalls)


async def test_the_app_loop_is_probed_not_heartbeaten() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, compat.QEventLoop)
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    try:
        assert monitor._task is None, "no heartbeat on the app's loop"
        assert monitor._probed
        # qasync's loop has a selector Qt never calls: a probe there said "busy" for ever.
        assert type(getattr(loop, "_selector", None)).__name__ != "_ProbedSelector"
    finally:
        await monitor.stop()


async def test_a_blocked_asyncio_callback_is_one_stall_measured_and_named() -> None:
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    try:
        asyncio.get_running_loop().call_soon(a_slow_callback)
        [(seconds, where)] = await stalls_after(monitor, 1)
    finally:
        await monitor.stop()
    assert 0.39 <= seconds < 1.0  # the 0.4 s sleep, measured on the loop
    assert "a_slow_callback" in where


async def test_a_blocked_qt_slot_is_measured_too() -> None:
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    try:
        QtCore.QTimer.singleShot(0, a_slow_slot)  # a Qt timer: asyncio never hears of it
        [(seconds, where)] = await stalls_after(monitor, 1)
    finally:
        await monitor.stop()
    assert 0.39 <= seconds < 1.0
    assert "a_slow_slot" in where


async def test_short_work_is_no_stall_and_the_watcher_sleeps_while_the_loop_waits() -> None:
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    loop = asyncio.get_running_loop()
    try:
        for _ in range(3):
            done: asyncio.Future[None] = loop.create_future()

            def pause_then_finish(finished: asyncio.Future[None] = done) -> None:
                a_short_pause()
                finished.set_result(None)

            loop.call_soon(pause_then_finish)
            await done
            QtCore.QTimer.singleShot(0, a_short_pause)
            await asyncio.sleep(0.1)
        # Idle: the watcher parks. A heartbeat would look 20 times a second; parked, it does not
        # look again while the loop waits (the condition times out).
        assert await asyncio.to_thread(monitor.wait_until, lambda: monitor._parked, 5)
        looked = monitor.checks
        assert not await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks > looked + 2, 1.0)
    finally:
        await monitor.stop()
    assert not monitor.stalls


async def test_stopping_detaches_the_probe() -> None:
    calls: list[str] = []
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.busy = lambda: calls.append("busy")  # type: ignore[method-assign]
    monitor.idle = lambda: calls.append("idle")  # type: ignore[method-assign]
    monitor.start()
    await asyncio.sleep(0.05)
    assert "idle" in calls and "busy" in calls
    await monitor.stop()
    calls.clear()
    await asyncio.sleep(0.05)
    QtCore.QTimer.singleShot(0, lambda: None)
    await asyncio.sleep(0.05)
    assert calls == []
    # And a monitor started again probes again.
    monitor.start()
    try:
        await asyncio.sleep(0.05)
        assert "busy" in calls
    finally:
        await monitor.stop()


def test_void_calls_and_emits_do_not_use_up_none_and_true() -> None:
    """Quirk 5: PySide6 6.12 on CPython 3.11 dropped a reference to None per void call and to True
    per emit; a bare script (a few thousand references to each) aborted within a second."""
    script = (
        "import desktop.compat\n"
        "from PySide6 import QtCore\n"
        "o = QtCore.QObject()\n"
        "for _ in range(100_000):\n"
        "    o.setObjectName('x')\n"
        "    o.objectNameChanged.emit('y')\n"
        "print('alive')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "alive", result.stderr[-2000:]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12 on")
def test_none_and_true_are_pinned() -> None:
    assert sys.getrefcount(None) > compat.PINNED_REFCOUNT // 2
    assert sys.getrefcount(True) > compat.PINNED_REFCOUNT // 2
    assert sys.getrefcount(False) > compat.PINNED_REFCOUNT // 2
