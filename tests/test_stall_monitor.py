import asyncio
import threading
import time

import pytest

from bot.stall_monitor import StallMonitor


def a_slow_callback() -> None:
    # Blocking the loop is what this test is about: it stands in for CPU-heavy
    # work done on the loop by mistake.
    time.sleep(0.4)


#: The threshold of the short-pause tests: far above a short pause, so a loaded 2-core machine
#: (a pause stretched by the scheduler, a late look by the watcher) cannot turn one into a stall.
SHORT_PAUSE_THRESHOLD = 0.5


def a_short_pause() -> None:
    time.sleep(0.02)  # a real block of the loop, 25 times shorter than SHORT_PAUSE_THRESHOLD


async def test_a_blocked_loop_is_measured_and_named(caplog: pytest.LogCaptureFixture) -> None:
    monitor = StallMonitor(threshold=0.25)
    monitor.start()
    try:
        asyncio.get_running_loop().call_soon(a_slow_callback)
        assert await asyncio.to_thread(monitor.wait_until, lambda: bool(monitor.stalls), 5)
    finally:
        await monitor.stop()
    [(duration, where)] = monitor.stalls
    assert 0.3 <= duration < 1.5
    assert "a_slow_callback" in where
    assert any("blocked" in r.getMessage() and "a_slow_callback" in r.getMessage() for r in caplog.records)


async def test_short_pauses_are_not_reported() -> None:
    monitor = StallMonitor(threshold=SHORT_PAUSE_THRESHOLD)
    monitor.start()
    try:
        for _ in range(5):
            asyncio.get_running_loop().call_soon(a_short_pause)
            # Let the loop run and the watcher look at it a few times after each pause.
            seen = monitor.checks
            assert await asyncio.to_thread(monitor.wait_until, lambda seen=seen: monitor.checks >= seen + 3, 5)
    finally:
        await monitor.stop()
    assert not monitor.stalls


class LoopClock:
    """time.monotonic that counts the calls made on the loop thread (the heartbeat's beats),
    and can show the other threads (the watcher) a time some seconds ahead, once."""

    def __init__(self) -> None:
        self.loop_thread = threading.get_ident()
        self.beats = 0
        self.beaten = threading.Condition()
        self.ahead: list[float] = []  # times to add, one per look by another thread

    def __call__(self) -> float:
        now = time.monotonic()
        if threading.get_ident() == self.loop_thread:
            with self.beaten:
                self.beats += 1
                self.beaten.notify_all()
            return now
        return now + self.ahead.pop() if self.ahead else now

    def show_the_watcher_once(self, seconds_ahead: float) -> None:
        self.ahead.append(seconds_ahead)


async def test_a_stall_that_ends_while_the_watcher_looks_is_measured_whole(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The watcher samples where the loop is while the stall goes on; hold it there until
    # the loop has resumed and beaten twice. This used to log "blocked for 0 ms": the stall
    # was dated from a beat read after the loop had resumed.
    clock = LoopClock()
    monitor = StallMonitor(threshold=0.25, clock=clock)
    sample = monitor._loop_location

    def slow_sample() -> str:
        where = sample()
        with clock.beaten:
            resumed = clock.beats + 2
            clock.beaten.wait_for(lambda: clock.beats >= resumed, 5)
        return where

    monkeypatch.setattr(monitor, "_loop_location", slow_sample)
    monitor.start()
    try:
        asyncio.get_running_loop().call_soon(a_slow_callback)
        assert await asyncio.to_thread(monitor.wait_until, lambda: bool(monitor.stalls), 5)
        seen = monitor.checks
        assert await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= seen + 3, 5)
    finally:
        await monitor.stop()
    [(duration, where)] = monitor.stalls
    assert 0.3 <= duration < 1.5
    assert "a_slow_callback" in where
    [logged] = [r.getMessage() for r in caplog.records if "blocked" in r.getMessage()]
    assert int(logged.split("blocked for ")[1].split(" ms")[0]) >= 300


async def test_a_watcher_that_looks_late_reports_no_stall(caplog: pytest.LogCaptureFixture) -> None:
    # The watcher reads a beat and a clock that is well past it, as when the heartbeat was
    # preempted between reading the time and storing it, or the watcher's thread ran late.
    # The loop itself never stopped: nothing may be reported. This used to log "blocked for
    # 0 ms in select": the watcher's clock said stall, the beats measured almost nothing.
    clock = LoopClock()
    monitor = StallMonitor(threshold=0.25, clock=clock)
    monitor.start()
    try:
        seen = monitor.checks
        assert await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= seen + 2, 5)
        clock.show_the_watcher_once(1.0)
        seen = monitor.checks
        assert await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= seen + 5, 5)
    finally:
        await monitor.stop()
    assert not clock.ahead  # the watcher did look with the skewed time
    assert not monitor.stalls
    assert not [r for r in caplog.records if "blocked" in r.getMessage()]


# ----- probe mode: the loop says when it waits, no heartbeat -----


async def test_probe_mode_measures_and_names_a_blocked_loop(caplog: pytest.LogCaptureFixture) -> None:
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    try:
        assert monitor._task is None, "no heartbeat in probe mode"
        asyncio.get_running_loop().call_soon(a_slow_callback)
        assert await asyncio.to_thread(monitor.wait_until, lambda: bool(monitor.stalls), 5)
    finally:
        await monitor.stop()
    [(duration, where)] = monitor.stalls
    assert 0.39 <= duration < 1.0  # one busy stretch, measured on the loop: the 0.4 s sleep
    assert "a_slow_callback" in where


async def test_probe_mode_ignores_short_pauses_and_sleeps_while_the_loop_waits() -> None:
    monitor = StallMonitor(threshold=SHORT_PAUSE_THRESHOLD, probe=True)
    monitor.start()
    loop = asyncio.get_running_loop()
    try:
        for _ in range(3):
            done = loop.create_future()
            loop.call_soon(lambda f=done: (a_short_pause(), f.set_result(None)))
            await done
        # Idle: the watcher parks. A heartbeat would look 20 times a second; parked, it does not
        # look again within a second (the condition times out).
        assert await asyncio.to_thread(monitor.wait_until, lambda: monitor._parked, 5)
        looked = monitor.checks
        assert not await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks > looked + 2, 1.0)
    finally:
        await monitor.stop()
    assert not monitor.stalls


async def test_probe_mode_uses_a_loop_s_own_probe_and_detaches_it_on_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    # A loop that knows itself when it waits (the app's Qt loop: desktop.compat.QEventLoop.probe_busy)
    # is asked, and its selector is left alone.
    loop = asyncio.get_running_loop()
    selector = loop._selector  # type: ignore[attr-defined]
    attached: list[tuple[object, object]] = []
    detached: list[bool] = []

    def probe_busy(busy: object, idle: object) -> object:
        attached.append((busy, idle))
        return lambda: detached.append(True)

    monkeypatch.setattr(loop, "probe_busy", probe_busy, raising=False)
    monitor = StallMonitor(threshold=0.25, probe=True)
    monitor.start()
    try:
        assert monitor._task is None
        assert attached == [(monitor.busy, monitor.idle)]
        assert loop._selector is selector  # type: ignore[attr-defined]
        # The loop's own calls drive the monitor: one long busy stretch is one stall.
        monitor.idle()
        monitor.busy()
        a_slow_callback()
        monitor.idle()
        assert await asyncio.to_thread(monitor.wait_until, lambda: bool(monitor.stalls), 5)
    finally:
        await monitor.stop()
    assert detached == [True]
    [(duration, _where)] = monitor.stalls
    assert 0.39 <= duration < 1.0


def test_a_qasync_loop_s_selector_is_not_wrapped_even_in_a_subclass() -> None:
    # qasync's loop has a selector Qt never calls; wrapped, the monitor saw one endless busy stretch.
    qasync_loop = type("QSelectorEventLoop", (asyncio.SelectorEventLoop,), {"__module__": "qasync"})
    app_loop = type("QEventLoop", (qasync_loop,), {"__module__": "desktop.compat"})
    loop = app_loop()
    try:
        assert not StallMonitor(probe=True)._wrap_selector(loop)
        assert type(loop._selector).__name__ != "_ProbedSelector"  # type: ignore[attr-defined]
    finally:
        loop.close()
