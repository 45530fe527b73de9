"""Idle memory and CPU: `python -m bot --headless` vs a bare discord.py + openai bot, both connected.

Run by hand (Linux: reads /proc/<pid>/status and /proc/<pid>/stat; not a pytest test):

    python -m tests.benchmarks.bench_idle_memory [--idle 60] [--only familiar|bare]

CPU is the process's user + system time over the idle period, as a share of one core.

Each bot runs as its own subprocess against the fakes in tests/fakes/ (started in
this process): Familiar with nothing but the environment of tests.conftest.bot_env,
the bare bot as a `python -c` script pointed at the fakes the way
bot.discord_compat.point_discord_at does it. Once connected (the fake sees a live
session and the bot printed "→ connected"), the bot idles, then VmRSS/VmHWM are
read and the bot gets SIGINT, which must end it with exit code 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks._fakes import BARE_BOT_SOURCE
from tests.conftest import bot_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import LoggedProcess

# The bare bot: BARE_BOT_SOURCE plus a runner reading the same variables Familiar does.
BARE_MAIN = BARE_BOT_SOURCE + '''
import asyncio, os, signal, sys
import aiohttp, yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

async def point_discord_at(api_base):
    # What bot.discord_compat.point_discord_at does for a non-default API base.
    async with aiohttp.ClientSession() as session:
        async with session.get(api_base + "/gateway") as response:
            data = await response.json(content_type=None)
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(data["url"])

async def main():
    env = os.environ
    api_base = env["FAMILIAR_DISCORD_API_BASE"].rstrip("/")
    await point_discord_at(api_base)
    client = BareBot(env["FAMILIAR_OPENAI_BASE_URL"], env.get("FAMILIAR_OPENAI_API_KEY"), env["FAMILIAR_MODEL"],
                     guild_ready_timeout=0.05)

    @client.event
    async def on_ready():
        print("bare bot → connected", file=sys.stderr, flush=True)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    task = asyncio.create_task(client.start(env["FAMILIAR_DISCORD_TOKEN"]))
    await stop.wait()
    await client.close()
    await task
    return 0

sys.exit(asyncio.run(main()))
'''


class BotProcess(LoggedProcess):
    """A bot subprocess whose memory and CPU time we read."""

    def cpu_seconds(self) -> float:
        """User + system CPU time so far, from /proc/<pid>/stat (fields 14 and 15, in clock ticks)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_kb(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak RSS) in kB, from /proc/<pid>/status."""
        values: dict[str, int] = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                values[key] = int(rest.split()[0])
        return values

    async def interrupt(self, timeout: float = 10) -> int:
        self.process.send_signal(signal.SIGINT)
        return await self.wait(timeout)


async def measure(name: str, idle: float) -> dict[str, int]:
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    fake.add_guild("Tavern", ["general", "random"])
    fake.add_user("alice")
    model = FakeModel()
    await model.start()
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            args = ["-m", "bot", "--headless"] if name == "familiar" else ["-c", BARE_MAIN]
            bot = await BotProcess.start(args, env)
            try:
                await fake.wait_connected(30)
                await bot.wait_for_line("→ connected", timeout=30)
                await asyncio.sleep(2)  # start-up work (the catch-up, the command sync) settles first
                cpu_before, wall_before = bot.cpu_seconds(), time.monotonic()
                await asyncio.sleep(idle)  # idling is the point here, not a wait for a condition
                cpu = (bot.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before) * 100
                memory = bot.memory_kb()
                code = await bot.interrupt()
            except BaseException:
                print("\n".join(bot.lines[-30:]), file=sys.stderr)
                raise
            finally:
                await bot.kill()
            if code != 0:
                print("\n".join(bot.lines[-30:]), file=sys.stderr)
                raise SystemExit(f"{name}: exit code {code} after SIGINT (expected 0)")
            print(
                f"{name:<9} idle RSS {memory['VmRSS'] / 1024:6.1f} MB  (peak {memory['VmHWM'] / 1024:6.1f} MB, "
                f"anon {memory.get('RssAnon', 0) / 1024:.1f} MB, file {memory.get('RssFile', 0) / 1024:.1f} MB), "
                f"CPU {cpu:.2f} % of a core over {idle:g} s, exit {code} on SIGINT",
                flush=True,
            )
            return memory
    finally:
        await model.close()
        await fake.close()


async def main(args: argparse.Namespace) -> None:
    results: dict[str, dict[str, int]] = {}
    for name in ("familiar", "bare"):
        if args.only in (None, name):
            results[name] = await measure(name, args.idle)
    if len(results) == 2:
        delta = (results["familiar"]["VmRSS"] - results["bare"]["VmRSS"]) / 1024
        print(
            f"Familiar {results['familiar']['VmRSS'] / 1024:.1f} MB vs bare {results['bare']['VmRSS'] / 1024:.1f} MB "
            f"(+{delta:.1f} MB)"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=60.0, help="seconds to idle once connected (default 60)")
    parser.add_argument("--only", choices=("familiar", "bare"), help="measure one bot only")
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(parse_args()))
