"""The long soak: `familiar --headless` as a real process, hundreds of seeded rounds of faults.

Run by hand (not collected by pytest):

    python -m tests.benchmarks.bench_soak [--rounds 200] [--seed 1] [--no-restarts]

The fake Discord and model servers run in this process; the bot is a real
`python -m bot --headless` with only the environment of tests.conftest.bot_env,
so it keeps the product's own timings (backoff, 5 s re-IDENTIFY pause, 2 s
guild wait). Each round injects one fault from tests/soak.py (gateway drops,
op 7/9, outages, a socket lost right after READY, failing typing, sends and
history reads, an answer lost after Discord posted the reply), plus, unless
--no-restarts, a SIGTERM restart or a kill -9 and restart of the bot, with
mentions before and during it in channels, a thread and a DM. At the end it
waits for every message to be answered, then 5 quiet seconds, and prints the
rounds, messages, lost and answered-twice counts. Exit code 1 if any was lost
or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import tempfile
from pathlib import Path

from bot.folders import Folders
from bot.settings import Settings, save_settings
from tests.conftest import bot_env
from tests.fakes.discord_server import MANAGE_WEBHOOKS, FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import LoggedProcess
from tests.soak import Soak

QUIET = 5.0  # seconds with no new post after the last answer, so a late double would show


class Bot:
    """The headless bot process, restartable in place."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: LoggedProcess | None = None
        self.log: list[str] = []
        self.starts = 0

    async def start(self) -> None:
        self.process = await LoggedProcess.start(["-m", "bot", "--headless"], self.env)
        self.starts += 1

    async def stop(self, signum: int) -> None:
        process = self.process
        assert process is not None
        process.process.send_signal(signum)
        code = await process.wait(30)
        self.log += process.lines
        if signum == signal.SIGTERM and code != 0:
            raise SystemExit(f"the bot exited {code} on SIGTERM (expected 0)")

    async def restart(self, signum: int) -> None:
        await self.stop(signum)
        await self.start()


async def run(rounds: int, seed: int, restarts: bool, webhooks: bool = False, bot_log: str | None = None) -> int:
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    guild = fake.add_guild("Tavern", ["general", "random"], bot_permissions=MANAGE_WEBHOOKS if webhooks else 0)
    alice = fake.add_user("alice")
    thread = await fake.add_thread(guild.channel("general"), "quest", author=alice)
    model = FakeModel()
    model.chunk_delay = 0.01
    await model.start()
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-soak-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            folders = Folders.resolve(env)
            folders.ensure()
            save_settings(folders, Settings(dm_policy="everyone"))  # alice's DMs count (not only the owner's)
            bot = Bot(env)
            await bot.start()
            extra = {}
            if restarts:
                extra = {
                    "restart": lambda: bot.restart(signal.SIGTERM),
                    "kill9": lambda: bot.restart(signal.SIGKILL),
                }
            soak = Soak(
                fake,
                seed=seed,
                user=alice,
                channels=[guild.channel("general"), guild.channel("random"), thread],
                outage=(0.5, 3.0),
                reconnect_timeout=60,
                extra_faults=extra,
            )

            async def settle() -> None:
                sent = -1
                while sent != len(fake.sent) + len(fake.webhook_sends):  # quiet: nothing new for QUIET seconds
                    sent = len(fake.sent) + len(fake.webhook_sends)
                    await asyncio.sleep(QUIET)

            try:
                result = await soak.run(rounds, settle=settle, answer_timeout=180)
            finally:
                if bot.process is not None:
                    await bot.stop(signal.SIGTERM)
            unclean = [
                line for line in bot.log if "Traceback" in line or "Task was destroyed" in line or "Unclosed" in line
            ]
            faults = ", ".join(f"{name} {count}" for name, count in sorted(result.faults.items()))
            print(f"faults: {faults}")
            print(f"bot process started {bot.starts} times; {len(unclean)} traceback/unclean lines in its output")
            print(result.summary())
            for line in unclean[:10]:
                print("  " + line)
            for message in result.doubled:
                print(f"answered twice: {message['id']} {message['content']!r}")
                for answer in fake.answers_to(message):
                    print(f"  {answer.message_id} webhook={answer.webhook_id} {answer.message.get('content')!r:.120}")
            if bot_log:
                Path(bot_log).write_text("\n".join(bot.log) + "\n", encoding="utf-8")
            return 1 if result.lost or result.doubled else 0
    finally:
        await model.close()
        await fake.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-restarts", action="store_true", help="never restart the bot's process")
    parser.add_argument(
        "--webhooks", action="store_true", help="grant Manage Webhooks: characters speak through webhooks"
    )
    parser.add_argument("--bot-log", metavar="FILE", help="write the bot process's output to FILE")
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    arguments = parse_args()
    sys.exit(
        asyncio.run(
            run(arguments.rounds, arguments.seed, not arguments.no_restarts, arguments.webhooks, arguments.bot_log)
        )
    )
