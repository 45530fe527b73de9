"""Idle memory and CPU: `python -m bot --headless`, the tray app and a bare discord.py + openai bot, connected.

Run by hand (Linux: reads /proc/<pid>/status, /proc/<pid>/stat and /proc/<pid>/task; not a pytest test):

    python -m tests.benchmarks.bench_idle_memory [--idle 60] [--only familiar|gui|gui-tray|bare] [--python PY]

CPU is the process's user + system time over the idle period, as a share of one core.
Wakes are the context switches of each of its threads over the same period (a thread
that sleeps and wakes up counts one each time), per second: "idle means idle" is under
0.2 % of a core and no thread waking more than once a second.

Each bot runs as its own subprocess against the fakes in tests/fakes/ (started in
this process): Familiar with nothing but the environment of tests.conftest.bot_env,
the tray app (`python -m desktop`) with the same plus QT_QPA_PLATFORM=offscreen (no
tray there: after its 5 s wait for one the app shows its window, and idles with it
open), the tray app as users run it, an icon in a tray and no window ("gui-tray": on
an Xvfb display with trayer as the tray, as tests/desktop/test_x11_tray.py; left out
without those tools), the bare bot as a `python -c` script pointed at the fakes the way
bot.discord_compat.point_discord_at does it. Once connected (the fake sees a live
session and the bot printed "→ connected"), the bot idles, then VmRSS/VmHWM are
read; then one mention is answered (what the bot loads on first use, e.g. the model
connection, shows in the second figure, read once the answer is in and 2 s have
passed) and the bot gets SIGINT, which must end it with exit code 0.

`--python PY` runs the bots with another interpreter, e.g. build/venv/bin/python, the
`pip install .` that installer/build.py makes: what a user's install holds, without the test
and dev packages of this one (httpcore2 imports trio when it is installed: a few MB). The
checkout's code is used either way (`-m` puts the working directory first on the path).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from tests.benchmarks._fakes import BARE_BOT_SOURCE
from tests.conftest import bot_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import LoggedProcess

# The bare bot: BARE_BOT_SOURCE plus a runner reading the same variables Familiar does.
BARE_MAIN = (
    BARE_BOT_SOURCE
    + """
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
"""
)


#: What each measured process runs (`python *args`).
COMMANDS = {
    "familiar": ["-m", "bot", "--headless"],
    "gui": ["-m", "desktop"],
    "gui-tray": ["-m", "desktop"],
    "bare": ["-c", BARE_MAIN],
}
#: The tray app on top of bot_env: offscreen Qt, and no keyring daemon (the secrets file, as the desktop tests).
GUI_ENV = {"QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
#: What the app logs once it idles as it will: the window, offscreen (no tray); the icon, in a tray.
GUI_SETTLED = {"gui": "showing the Familiar window instead", "gui-tray": "Tray icon shown"}


@contextlib.contextmanager
def x_display_with_tray() -> Iterator[str | None]:
    """An Xvfb display with trayer owning its tray (the DISPLAY value), or None without the tools."""
    if any(shutil.which(tool) is None for tool in ("Xvfb", "trayer")):
        yield None
        return
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    processes = [xvfb]
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        if not ready:
            raise SystemExit("Xvfb did not report its display")
        display = ":" + os.read(read_end, 64).decode().strip()
        processes.append(
            subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "32",
                    "--SetDockType",
                    "false",
                ],
                env={**os.environ, "DISPLAY": display},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        yield display  # the app waits up to 5 s for a tray: trayer is up well before that
    finally:
        os.close(read_end)
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class BotProcess(LoggedProcess):
    """A bot subprocess whose memory and CPU time we read."""

    def cpu_seconds(self) -> float:
        """User + system CPU time so far, from /proc/<pid>/stat (fields 14 and 15, in clock ticks)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def thread_switches(self) -> dict[int, tuple[str, int]]:
        """Per thread id: (its name, voluntary + involuntary context switches so far)."""
        threads: dict[int, tuple[str, int]] = {}
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                name = (task / "comm").read_text().strip()
                status = dict(line.split(":", 1) for line in (task / "status").read_text().splitlines() if ":" in line)
            except OSError:  # the thread ended meanwhile
                continue
            switches = int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])
            threads[int(task.name)] = (name, switches)
        return threads

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


def with_python(args: list[str], python: str | None) -> list[str]:
    """`args` for this interpreter, made to run under `python` instead (same pid: it execs)."""
    if python is None:
        return args
    return ["-c", f"import os, sys; os.execv({python!r}, [{python!r}, *sys.argv[1:]])", *args]


async def measure(name: str, idle: float, python: str | None = None) -> dict[str, int] | None:
    if name == "gui-tray":
        with x_display_with_tray() as display:
            if display is None:
                print(f"{name:<9} left out: needs Xvfb and trayer", flush=True)
                return None
            return await measure_with(name, idle, {"DISPLAY": display}, python)
    return await measure_with(name, idle, {}, python)


async def measure_with(name: str, idle: float, extra_env: dict[str, str], python: str | None = None) -> dict[str, int]:
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    guild = fake.add_guild("Tavern", ["general", "random"])
    alice = fake.add_user("alice")
    model = FakeModel()
    await model.start()
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            if name.startswith("gui"):
                env.update(GUI_ENV, QT_QPA_PLATFORM="xcb" if "DISPLAY" in extra_env else "offscreen")
            env.update(extra_env)
            bot = cast(BotProcess, await BotProcess.start(with_python(COMMANDS[name], python), env))
            try:
                await fake.wait_connected(30)
                await bot.wait_for_line("→ connected", timeout=30)
                if name in GUI_SETTLED:  # offscreen has no tray: the window shows after the app's wait for one
                    await bot.wait_for_line(GUI_SETTLED[name], timeout=30)
                if name != "bare":  # Familiar's start-up work (the catch-up, the command sync)...
                    await fake.wait_commands_synced()
                await asyncio.sleep(2)  # ...settles first
                cpu_before, wall_before, switches_before = bot.cpu_seconds(), time.monotonic(), bot.thread_switches()
                await asyncio.sleep(idle)  # idling is the point here, not a wait for a condition
                elapsed = time.monotonic() - wall_before
                cpu = (bot.cpu_seconds() - cpu_before) / elapsed * 100
                switches_after = bot.thread_switches()
                memory = bot.memory_kb()
                said = await fake.user_says(guild.channels[0], alice, "hello there", mentions_bot=True)
                await fake.wait_for_answers(said, timeout=30)
                await asyncio.sleep(2)  # the reply's own work (memory write, usage) settles, as above
                replied = bot.memory_kb()
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
            print(
                f"{'':<9} after one reply: RSS {replied['VmRSS'] / 1024:6.1f} MB "
                f"(+{(replied['VmRSS'] - memory['VmRSS']) / 1024:.1f}; peak {replied['VmHWM'] / 1024:.1f} MB)",
                flush=True,
            )
            wakes = sorted(
                ((switches - switches_before.get(tid, ("", 0))[1]) / elapsed, tid, thread)
                for tid, (thread, switches) in switches_after.items()
            )[::-1]
            main_thread = bot.process.pid  # the loop's (and, in the app, Qt's) thread
            print(
                f"{'':<9} wakes per second, busiest threads first: "
                + ", ".join(
                    f"{thread}{' (main)' if tid == main_thread else ''} {rate:.2f}" for rate, tid, thread in wakes[:6]
                )
                + f"; {len(wakes)} threads",
                flush=True,
            )
            return memory
    finally:
        await model.close()
        await fake.close()


async def main(args: argparse.Namespace) -> None:
    results: dict[str, dict[str, int]] = {}
    for name in COMMANDS:
        if args.only in (None, name):
            memory = await measure(name, args.idle, args.python)
            if memory is not None:
                results[name] = memory
    if "familiar" in results and "bare" in results:
        delta = (results["familiar"]["VmRSS"] - results["bare"]["VmRSS"]) / 1024
        print(
            f"Familiar {results['familiar']['VmRSS'] / 1024:.1f} MB vs bare {results['bare']['VmRSS'] / 1024:.1f} MB "
            f"(+{delta:.1f} MB)"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=60.0, help="seconds to idle once connected (default 60)")
    parser.add_argument("--only", choices=tuple(COMMANDS), help="measure one bot only")
    parser.add_argument("--python", help="run the bots with this Python (e.g. build/venv/bin/python, a pip install)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(parse_args()))
