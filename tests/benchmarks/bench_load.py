"""Full speed under load: 20 channels × 25 mentions at once, a model that takes 100 ms a reply.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_load [--channels 20] [--messages 25] [--model-delay 0.1]
                                          [--only familiar|bare] [--profile load.prof]

Each bot runs as its own process, as a user runs it (``python -m bot --headless``; the bare bot
as a ``python -c`` script), against the fakes and the sender in this process, on real sockets:
the fakes' own work is not the bot's and does not compete with it for the bot's core (on this
2-core machine: one core for the bot, one for the fakes). Every mention is sent at once;
measured until every one has its answer:

- wall time against the ideal: channels in parallel, each answering its messages in
  order, one model call at a time: messages × model delay;
- CPU per reply: the bot process's CPU time (user + system, /proc/<pid>/stat) over the
  burst, divided by the replies;
- order: each channel's answers in the order of its messages (Familiar promises it).

The harness (the fakes and the sender) freezes its objects out of garbage collections before
the burst: they stand in for Discord and the model server, and a full collection of this
process (30-40 ms) would hold up every channel's call at once, counted against the bot.

"familiar" is the headless bot with its defaults (streaming, buttons, no webhook
permission); "bare" is the 40-line discord.py + openai bot of bench_reply (it answers
concurrently, with no order, memory or prompt).

Profile Familiar's side in-process: ``--profile load.prof`` runs the supervised bot in
this process under cProfile (fakes included), then ``python -m pstats load.prof`` (``sort
tottime``, ``stats 30``); or ``py-spy record -o load.svg --pid <bot pid>`` during a run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options
from bot.folders import Folders
from bot.settings import Settings, save_settings
from bot.supervisor import State, Supervisor
from tests.benchmarks.bench_idle_memory import BARE_MAIN, BotProcess
from tests.conftest import bot_env, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

log = logging.getLogger("bench_load")


async def _fakes(channels: int, model_delay: float) -> tuple[FakeDiscord, FakeModel, list[Any]]:
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    guild = fake.add_guild("Tavern", [f"room-{i}" for i in range(channels)])
    fake.alice = fake.add_user("alice")  # type: ignore[attr-defined]
    model = FakeModel()
    model.reply = "Glad you asked; here is a short answer."
    model.delay = model_delay
    await model.start()
    return fake, model, [guild.channel(f"room-{i}") for i in range(channels)]


async def _start_up_done(fake: FakeDiscord, *, familiar: bool = True, quiet: float = 0.5) -> None:
    """Until the start-up work is over: for Familiar, discord.py has the server list (about 2 s
    after READY), which starts the catch-up and the slash-command sync; then no REST call for
    `quiet` s. A burst sent earlier meets that catch-up, which queues it again. (The bare bot has
    neither: only the quiet.)"""
    if familiar:
        await fake.wait_commands_synced()
    seen = -1
    while seen != len(fake.calls):
        seen = len(fake.calls)
        await asyncio.sleep(quiet)


async def _burst(
    fake: FakeDiscord, rooms: list[Any], messages: int, cpu_seconds: Callable[[], float], profile: str | None = None
) -> tuple[float, float, bool]:
    """Send every mention, wait for every answer: (wall seconds, the bot's CPU seconds, order kept)."""
    profiler = cProfile.Profile() if profile else None
    # The fakes stand in for Discord and the model server: a full garbage collection in this
    # process (30-40 ms over everything the harness imported) would hold up every channel's
    # model call and post at once and be counted against the bot. What the harness made so far
    # lives for the whole run anyway.
    gc.freeze()
    said: dict[int, list[dict[str, Any]]] = {room.id: [] for room in rooms}
    cpu, wall, harness = cpu_seconds(), time.monotonic(), time.process_time()
    if profiler is not None:
        profiler.enable()
    for i in range(messages):
        for room in rooms:
            said[room.id].append(await fake.user_says(room, fake.alice, f"question {i}", mentions_bot=True))  # type: ignore[attr-defined]
    everything = [m for ms in said.values() for m in ms]
    # A cheap condition while it runs (answers_to scans every message: the check itself would load
    # the process); every answer is checked once at the end.
    await fake.wait_for(lambda: len(fake.sent) >= len(everything), 300, "every answer")
    wall, cpu, harness = time.monotonic() - wall, cpu_seconds() - cpu, time.process_time() - harness
    log.info("the fakes and the sender used %.2f s of CPU in %.2f s", harness, wall)
    assert all(fake.answers_to(m) for m in everything), "a post that answers nothing"
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    ordered = all(
        [fake.answers_to(m)[0].message_id for m in ms] == sorted(fake.answers_to(m)[0].message_id for m in ms)
        for ms in said.values()
    )
    return wall, cpu, ordered


async def run_in_process(channels: int, messages: int, delay: float, profile: str) -> tuple[float, float, bool]:
    fake, model, rooms = await _fakes(channels, delay)
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            folders = Folders.resolve(env)
            folders.ensure()
            save_settings(folders, Settings(greeting_mode="off"))
            supervisor = Supervisor(
                folders,
                env=env,
                client_options={**fast_client_options(), "reidentify_delay": 0},
                backoff=Backoff(0.05, 0.5),
            )
            await supervisor.start()
            try:
                await wait_for_state(supervisor, State.CONNECTED, timeout=20)
                await _start_up_done(fake)
                return await _burst(fake, rooms, messages, time.process_time, profile)
            finally:
                await asyncio.wait_for(supervisor.shutdown(10), 30)
    finally:
        await model.close()
        await fake.close()


async def run_process(name: str, channels: int, messages: int, delay: float) -> tuple[float, float, bool]:
    """The bot as its own process: Familiar headless, or the bare bot."""
    fake, model, rooms = await _fakes(channels, delay)
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            if name == "familiar":
                folders = Folders.resolve(env)
                folders.ensure()
                save_settings(folders, Settings(greeting_mode="off"))
            args = ["-m", "bot", "--headless"] if name == "familiar" else ["-c", BARE_MAIN]
            bot = await BotProcess.start(args, env)
            try:
                await fake.wait_connected(30)
                await bot.wait_for_line("→ connected", timeout=30)
                await _start_up_done(fake, familiar=name == "familiar")
                return await _burst(fake, rooms, messages, bot.cpu_seconds)
            except BaseException:
                print("\n".join(bot.lines[-30:]), file=sys.stderr)
                raise
            finally:
                await bot.interrupt()
                await bot.kill()
    finally:
        await model.close()
        await fake.close()


async def main(args: argparse.Namespace) -> None:
    ideal = args.messages * args.model_delay
    replies = args.channels * args.messages
    for name in ("familiar", "bare"):
        if args.only not in (None, name):
            continue
        if name == "familiar" and args.profile:
            wall, cpu, ordered = await run_in_process(args.channels, args.messages, args.model_delay, args.profile)
        else:
            wall, cpu, ordered = await run_process(name, args.channels, args.messages, args.model_delay)
        print(
            f"{name:<9} {replies} replies in {wall:.2f} s ({wall / ideal:.2f}× the ideal {ideal:.1f} s), "
            f"CPU {cpu / replies * 1000:.1f} ms per reply, order kept: {ordered}",
            flush=True,
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=20)
    parser.add_argument("--messages", type=int, default=25)
    parser.add_argument("--model-delay", type=float, default=0.1)
    parser.add_argument("--only", choices=("familiar", "bare"))
    parser.add_argument(
        "--profile", metavar="FILE", help="run Familiar in this process and cProfile the burst into FILE"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    asyncio.run(main(parse_args()))
