"""Idle means idle, for the tray app too: connected and left alone, it does (almost) nothing.

The real `python -m desktop` (offscreen: no tray, so after its wait for one it idles with
its window open) against the fake Discord server with Discord's own 41.25 s heartbeat.
Read from /proc: its CPU time over 10 s and how often each of its threads woke up. The
target is under 0.2 % of a core and no thread waking more than once a second (see
tests/benchmarks/bench_idle_memory.py, which measures 60 s); the limits here are ten
times wider and still fail a 20 Hz heartbeat, or a watcher that looks every 125 ms.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import bot_env
from tests.desktop.conftest import AppProcess, wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import ProcStat

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

#: How long the idle app is watched.
IDLE = 10.0
#: Share of one core (the target is 0.2 %).
CPU_LIMIT = 2.0
#: Wake-ups per second of any one thread (the target is 1).
WAKES_LIMIT = 4.0


async def test_the_connected_app_left_alone_uses_no_cpu_and_wakes_no_thread_often(
    quiet_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    app = AppProcess({**bot_env(home, quiet_discord, fake_model), "QT_QPA_PLATFORM": "offscreen"}, tmp_path)
    await app.start()
    try:
        assert app.process is not None
        await app.wait_for_state("connected", timeout=30)
        await quiet_discord.wait_connected()
        await wait_until(lambda: "showing the Familiar window instead" in app.stderr(), 20, "the window shown")
        proc = ProcStat(app.process.pid)

        await proc.wait_quiet()  # start-up work (catch-up, command sync, the first page) settles

        cpu_before, switches_before, started = proc.cpu_seconds(), proc.switches(), time.monotonic()
        await asyncio.sleep(IDLE)  # idling is what is measured here, not a wait for a condition
        elapsed = time.monotonic() - started
        cpu = (proc.cpu_seconds() - cpu_before) / elapsed * 100
        wakes = {tid: (count - switches_before.get(tid, 0)) / elapsed for tid, count in proc.switches().items()}

        assert cpu < CPU_LIMIT, f"{cpu:.2f} % of a core while idle"
        busiest = max(wakes, key=wakes.__getitem__)
        name = (
            Path(f"/proc/{app.process.pid}/task/{busiest}/comm").read_text().strip()
            if busiest in proc.switches()
            else "?"
        )
        main = " (the UI thread)" if busiest == app.process.pid else ""
        assert wakes[busiest] < WAKES_LIMIT, (
            f"thread {busiest} {name}{main} woke {wakes[busiest]:.1f} times a second while idle"
        )

        app.process.send_signal(signal.SIGINT)
        assert await app.wait_exit(10) == 0
        app.assert_clean_output()
    finally:
        await app.kill()
