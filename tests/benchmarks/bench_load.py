"""Full speed under load: 20 channels × 25 mentions at once, a model that takes 100 ms a reply.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_load [--channels 20] [--messages 25] [--model-delay 0.1]
                                          [--only familiar|bare] [--profile load.prof]

Everything runs in this process on real sockets against the fakes (as bench_reply).
Every mention is sent at once; measured until every one has its answer:

- wall time against the ideal: channels in parallel, each answering its messages in
  order, one model call at a time: messages × model delay;
- CPU per reply: this process's CPU time (the fakes' work included, alike for both
  bots) divided by the replies;
- order: each channel's answers in the order of its messages (Familiar promises it).

"familiar" is the supervised bot with its defaults (streaming, buttons, no webhook
permission); "bare" is the 40-line discord.py + openai bot of bench_reply (it answers
concurrently, with no order, memory or prompt).

Profile: ``--profile load.prof`` then ``python -m pstats load.prof`` (``sort cumtime``,
``stats 30``), or ``py-spy record -o load.svg -- python -m tests.benchmarks.bench_load``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options, point_discord_at
from bot.folders import Folders
from bot.settings import Settings, save_settings
from bot.supervisor import State, Supervisor
from tests.benchmarks._fakes import BARE_BOT_SOURCE
from tests.conftest import bot_env, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

_bare: dict[str, Any] = {}
exec(compile(BARE_BOT_SOURCE, "<bare bot>", "exec"), _bare)
BareBot = _bare["BareBot"]


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


async def _burst(fake: FakeDiscord, rooms: list[Any], messages: int, profile: str | None) -> tuple[float, float, bool]:
    """Send every mention, wait for every answer: (wall seconds, CPU seconds, order kept)."""
    profiler = cProfile.Profile() if profile else None
    said: dict[int, list[dict[str, Any]]] = {room.id: [] for room in rooms}
    cpu, wall = time.process_time(), time.monotonic()
    if profiler is not None:
        profiler.enable()
    for i in range(messages):
        for room in rooms:
            said[room.id].append(await fake.user_says(room, fake.alice, f"question {i}", mentions_bot=True))  # type: ignore[attr-defined]
    everything = [m for ms in said.values() for m in ms]
    # A cheap condition while it runs (answers_to scans every message: the check itself would load
    # the process); every answer is checked once at the end.
    await fake.wait_for(lambda: len(fake.sent) >= len(everything), 300, "every answer")
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert all(fake.answers_to(m) for m in everything), "a post that answers nothing"
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    ordered = all(
        [fake.answers_to(m)[0].message_id for m in ms] == sorted(fake.answers_to(m)[0].message_id for m in ms)
        for ms in said.values()
    )
    return wall, cpu, ordered


async def run_familiar(channels: int, messages: int, delay: float, profile: str | None) -> tuple[float, float, bool]:
    fake, model, rooms = await _fakes(channels, delay)
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            folders = Folders.resolve(env)
            folders.ensure()
            save_settings(folders, Settings(greeting_mode="off"))
            supervisor = Supervisor(
                folders, env=env, client_options={**fast_client_options(), "reidentify_delay": 0},
                backoff=Backoff(0.05, 0.5),
            )
            await supervisor.start()
            try:
                await wait_for_state(supervisor, State.CONNECTED, timeout=20)
                await asyncio.sleep(1)  # the catch-up and the command sync are done
                return await _burst(fake, rooms, messages, profile)
            finally:
                await asyncio.wait_for(supervisor.shutdown(10), 30)
    finally:
        await model.close()
        await fake.close()


async def run_bare(channels: int, messages: int, delay: float) -> tuple[float, float, bool]:
    fake, model, rooms = await _fakes(channels, delay)
    try:
        await point_discord_at(fake.api_base)
        client = BareBot(model.base_url, model.api_key, "fake-model", **fast_client_options())
        task = asyncio.create_task(client.start(fake.token))
        try:
            await asyncio.wait_for(client.wait_until_ready(), 20)
            return await _burst(fake, rooms, messages, None)
        finally:
            await client.close()
            await asyncio.wait_for(task, 10)
    finally:
        await model.close()
        await fake.close()


async def main(args: argparse.Namespace) -> None:
    ideal = args.messages * args.model_delay
    replies = args.channels * args.messages
    for name in ("familiar", "bare"):
        if args.only not in (None, name):
            continue
        if name == "familiar":
            wall, cpu, ordered = await run_familiar(args.channels, args.messages, args.model_delay, args.profile)
        else:
            wall, cpu, ordered = await run_bare(args.channels, args.messages, args.model_delay)
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
    parser.add_argument("--profile", metavar="FILE", help="cProfile the burst into FILE (Familiar only)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    asyncio.run(main(parse_args()))
