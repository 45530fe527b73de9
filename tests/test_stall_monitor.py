import asyncio
import time

import pytest

from bot.stall_monitor import StallMonitor


def a_slow_callback() -> None:
    # Blocking the loop is what this test is about: it stands in for CPU-heavy
    # work done on the loop by mistake.
    time.sleep(0.4)


def a_short_pause() -> None:
    time.sleep(0.05)  # well under the 250 ms threshold


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
    monitor = StallMonitor(threshold=0.25)
    monitor.start()
    try:
        for _ in range(5):
            asyncio.get_running_loop().call_soon(a_short_pause)
            # Let the loop run and the watcher look at it a few times after each pause.
            seen = monitor.checks
            assert await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= seen + 3, 5)
    finally:
        await monitor.stop()
    assert monitor.stalls == []
