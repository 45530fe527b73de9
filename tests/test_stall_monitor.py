import asyncio
import time

import pytest

from bot.stall_monitor import StallMonitor


def a_slow_callback() -> None:
    time.sleep(0.4)  # stands in for CPU-heavy work done on the loop by mistake


async def test_a_blocked_loop_is_measured_and_named(caplog: pytest.LogCaptureFixture) -> None:
    monitor = StallMonitor(threshold=0.25)
    monitor.start()
    try:
        await asyncio.sleep(0.1)
        asyncio.get_running_loop().call_soon(a_slow_callback)
        await asyncio.sleep(0.05)
        # Wait (bounded) for the watcher to report the stall.
        async with asyncio.timeout(5):
            while not monitor.stalls:
                await asyncio.sleep(0.05)
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
            time.sleep(0.05)
            await asyncio.sleep(0.02)
    finally:
        await monitor.stop()
    assert monitor.stalls == []
