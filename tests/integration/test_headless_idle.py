"""Idle means idle, headless: `python -m bot --headless`, connected and left alone, does (almost) nothing.

The target is under 0.2 % of a core over 60 s and no thread waking more than once a second
(tests/benchmarks/bench_idle_memory.py measures it); here 10 s with limits ten times wider, which
still fail a 20 Hz heartbeat or a watcher thread that looks every 125 ms.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import bot_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import LoggedProcess, ProcStat

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

IDLE = 10.0
CPU_LIMIT = 2.0  # % of one core
WAKES_LIMIT = 4.0  # per second, any one thread


async def test_the_connected_headless_bot_left_alone_uses_no_cpu_and_wakes_no_thread_often(
    quiet_discord: FakeDiscord, fake_model: FakeModel, tmp_path: Path
) -> None:
    bot = await LoggedProcess.start(["-m", "bot", "--headless"], bot_env(tmp_path / "home", quiet_discord, fake_model))
    try:
        await bot.wait_for_line("→ connected", timeout=30)
        # discord.py's server list comes about 2 s after READY and starts the catch-up and the
        # command sync (a fresh home always syncs): a quiet second before it is not idle yet.
        await quiet_discord.wait_commands_synced()
        proc = ProcStat(bot.process.pid)
        await proc.wait_quiet()  # start-up work (catch-up, command sync) settles
        cpu_before, switches_before, started = proc.cpu_seconds(), proc.switches(), time.monotonic()
        await asyncio.sleep(IDLE)  # idling is what is measured here, not a wait for a condition
        elapsed = time.monotonic() - started
        cpu = (proc.cpu_seconds() - cpu_before) / elapsed * 100
        wakes = {tid: (count - switches_before.get(tid, 0)) / elapsed for tid, count in proc.switches().items()}
        assert cpu < CPU_LIMIT, f"{cpu:.2f} % of a core while idle"
        busiest = max(wakes, key=wakes.__getitem__)
        assert wakes[busiest] < WAKES_LIMIT, f"thread {busiest} woke {wakes[busiest]:.1f} times a second while idle"
        bot.process.send_signal(2)  # SIGINT: the orderly path
        assert await bot.wait(10) == 0
    finally:
        await bot.kill()
