"""Memory over a long conversation: `python -m bot --headless`'s RSS across thousands of mentions.

Run by hand (Linux: reads /proc/<pid>/status and /proc/<pid>/stat; not a pytest test):

    python -m tests.benchmarks.bench_memory_growth [--messages 3000] [--channels 10] [--warmup 200]
                                                   [--every 500] [--batch 50]
    python -m tests.benchmarks.bench_memory_growth --trace [--messages 1200] [--top 30] [--frames 15]

The bot runs as its own subprocess with nothing but tests.conftest.bot_env (product
defaults: greetings, streaming, reply buttons, no webhook permission), against the fakes
in tests/fakes/ started in this process. Once connected and quiet, idle VmRSS is read;
then `--warmup` mentions, spread over `--channels` channels, bring every lazy import and
first-use cache in, and VmRSS is read again: the baseline. Then `--messages` more mentions
go out in batches of `--batch` (each channel gets its share of a batch, the next batch
waits until every message has its reply, so the bot keeps up rather than queueing
thousands), and VmRSS is read every `--every` messages, each time once the bot is quiet
(its CPU time stops moving, so no reply is half done). Printed: the curve, the growth
over the baseline, and whether the curve is flat over its second half (≤ 1 MB: growth
that stops once the memory windows are full, see below, is fine; growth that continues
is a leak). The target (issue 13) is ≤ 80 MB idle and ≤ 3 MB of growth over 3,000.

What legitimately grows early: each channel's prompt is built from up to 200 remembered
turns (bot.client.HISTORY_LIMIT), so until a channel has 100 exchanges its prompt (and
the buffers that carry it) grows; with 10 channels that is the first 1,000 messages.
The SQLite file grows with the conversation, on disk; its page cache is bounded.

`--trace` diagnoses instead: the Supervisor runs in this process (as bench_load) under
tracemalloc; snapshots after the warm-up, a third of the way in (at most 1,000 messages) and
at the end are compared, grouped by traceback, leaving out allocations made by the fakes (a frame
in tests/fakes/ or aiohttp's server side). Prints the biggest growths of both stretches, with the
bot and library frames that made them, and the sizes of the caches that could grow with messages.
Under tracemalloc everything runs several times slower: 1,200 messages take about 15 minutes.

Figures (2 cores, 2026-11-30; VmRSS after a 200-message warm-up, then every 500 messages):
before: 85.4 → 92.1, 95.1, 97.9, 100.7, 103.2, 107.4 MB (+22.0 MB, never flat): discord.py kept
every reply's button view (see bot.commands.CountLabel); after: 83.9 → 85.7, 86.2, 86.4, 86.5,
86.5, 86.5 MB (+2.6 MB, flat from about 1,500), also with discord.py's message cache at 100
messages (bot.supervisor.MESSAGE_CACHE) and SQLite's page cache at 512 KiB (bot.memory).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import linecache
import logging
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_idle_memory import BotProcess
from tests.conftest import bot_env
from tests.fakes.discord_server import Channel, FakeDiscord, User
from tests.fakes.openai_server import FakeModel

REPLY = "Glad you asked; here is a short answer, with a little more to say about it."
_WORDS = [
    "dragon",
    "tavern",
    "lantern",
    "river",
    "moon",
    "sword",
    "letter",
    "harbour",
    "market",
    "forest",
    "winter",
    "stranger",
    "map",
    "key",
    "song",
    "storm",
    "bridge",
    "candle",
    "tower",
    "garden",
    "ship",
    "mountain",
]
#: Second half of the curve within this much: flat.
FLAT_MB = 1.0


def _question(rng: random.Random, n: int) -> str:
    """A different question each time (so nothing is answered from a cache of identical text)."""
    return f"question {n}: what about the {rng.choice(_WORDS)} and the {rng.choice(_WORDS)}? " + " ".join(
        rng.choice(_WORDS) for _ in range(rng.randint(3, 15))
    )


class Conversation:
    """Mentions across channels in batches, each batch answered before the next."""

    def __init__(self, fake: FakeDiscord, model: FakeModel, rooms: list[Channel], author: User) -> None:
        self.fake, self.model, self.rooms, self.author = fake, model, rooms, author
        self.rng = random.Random(1)
        self.sent = 0

    async def say(self, count: int, batch: int, timeout: float = 120) -> None:
        while count > 0:
            size = min(batch, count)
            said = [
                await self.fake.user_says(
                    self.rooms[(self.sent + i) % len(self.rooms)],
                    self.author,
                    _question(self.rng, self.sent + i),
                    mentions_bot=True,
                )
                for i in range(size)
            ]
            # replies_to is a dict lookup (answers_to scans every post: too slow to re-check thousands of times).
            await self.fake.wait_for(_all_replied(self.fake, said), timeout, f"replies to a batch of {size}")
            self.sent += size
            count -= size
            self.model.requests.clear()  # this process's memory, not the bot's: the prompts are not needed


def _all_replied(fake: FakeDiscord, said: list[dict[str, Any]]) -> Callable[[], bool]:
    return lambda: all(fake.replies_to(message) for message in said)


async def _fakes(channels: int) -> tuple[FakeDiscord, FakeModel, list[Channel], User]:
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    guild = fake.add_guild("Tavern", [f"room-{i}" for i in range(channels)])
    alice = fake.add_user("alice")
    model = FakeModel()
    model.reply = REPLY
    await model.start()
    return fake, model, [guild.channel(f"room-{i}") for i in range(channels)], alice


async def wait_quiet(
    cpu_seconds: Callable[[], float], window: float = 0.5, share: float = 0.02, timeout: float = 30
) -> None:
    """Until the bot used under `share` of a core over `window` seconds: its replies are all done."""
    deadline = time.monotonic() + timeout
    before = cpu_seconds()
    while time.monotonic() < deadline:
        await asyncio.sleep(window)  # a polling interval of a condition, not a wait in place of one
        now = cpu_seconds()
        if now - before < share * window:
            return
        before = now
    raise TimeoutError(f"the bot was still busy after {timeout} s")


def _mb(kb: int) -> str:
    return f"{kb / 1024:6.1f} MB"


def report(idle: dict[str, int], curve: list[tuple[int, dict[str, int]]], warmup: int) -> None:
    print(f"idle (connected, nothing said): VmRSS {_mb(idle['VmRSS'])}  (anon {_mb(idle.get('RssAnon', 0))})")
    print(f"{'messages after warm-up':>24} {'VmRSS':>9} {'anon':>9} {'vs baseline':>12}")
    base = curve[0][1]["VmRSS"]
    for sent, memory in curve:
        label = f"{sent:,}" + (f" (warm-up: {warmup})" if sent == 0 else "")
        change = (memory["VmRSS"] - base) / 1024
        print(f"{label:>24} {_mb(memory['VmRSS'])} {_mb(memory.get('RssAnon', 0))} {change:+10.1f} MB")
    last = curve[-1]
    growth = (last[1]["VmRSS"] - base) / 1024
    half = [memory["VmRSS"] for sent, memory in curve if sent >= last[0] / 2]
    tail = (max(half) - min(half)) / 1024
    peak = max(memory.get("VmHWM", 0) for _, memory in curve)
    verdict = "flat" if tail <= FLAT_MB else "STILL GROWING"
    print(
        f"growth over {last[0]:,} messages after warm-up: {growth:+.1f} MB (peak RSS {_mb(peak).strip()}); "
        f"second half ({last[0] // 2:,}–{last[0]:,}) spans {tail:.1f} MB: {verdict}"
    )
    print(
        f"from idle: {(base - idle['VmRSS']) / 1024:+.1f} MB over the warm-up (first replies: lazy imports, worker "
        f"threads and their malloc arenas, caches filling), {(last[1]['VmRSS'] - idle['VmRSS']) / 1024:+.1f} MB in all"
    )


async def run_process(args: argparse.Namespace) -> None:
    fake, model, rooms, alice = await _fakes(args.channels)
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            bot = await BotProcess.start(["-m", "bot", "--headless"], env)
            assert isinstance(bot, BotProcess)  # start() is LoggedProcess's classmethod: typed as the base
            try:
                await fake.wait_connected(30)
                await bot.wait_for_line("→ connected", timeout=30)
                await wait_quiet(bot.cpu_seconds, window=1.0)  # the catch-up and the command sync are done
                idle = bot.memory_kb()
                talk = Conversation(fake, model, rooms, alice)
                await talk.say(args.warmup, args.batch)
                await wait_quiet(bot.cpu_seconds)
                curve = [(0, bot.memory_kb())]
                started = time.monotonic()
                while talk.sent - args.warmup < args.messages:
                    await talk.say(min(args.every, args.messages - (talk.sent - args.warmup)), args.batch)
                    await wait_quiet(bot.cpu_seconds)
                    curve.append((talk.sent - args.warmup, bot.memory_kb()))
                    sent, memory = curve[-1]
                    print(f"  … {sent:,} messages, VmRSS {_mb(memory['VmRSS'])}", file=sys.stderr, flush=True)
                elapsed = time.monotonic() - started
                code = await bot.interrupt()
            except BaseException:
                print("\n".join(bot.lines[-30:]), file=sys.stderr)
                raise
            finally:
                await bot.kill()
            if code != 0:
                print("\n".join(bot.lines[-30:]), file=sys.stderr)
                raise SystemExit(f"exit code {code} after SIGINT (expected 0)")
            print(
                f"{args.messages:,} mentions in {args.channels} channels after a {args.warmup}-message warm-up, "
                f"{elapsed:.0f} s, exit {code} on SIGINT"
            )
            report(idle, curve, args.warmup)
    finally:
        await model.close()
        await fake.close()


# ----- --trace: in-process, under tracemalloc -----


#: Frames that mark an allocation as the fakes' (their handlers, the server side of aiohttp). Not every
#: frame in tests/: the event loop, and so every task of the bot, runs under this module's main().
_FAKE_FRAMES = (f"tests{os.sep}fakes{os.sep}", f"aiohttp{os.sep}web_")


def _is_fake(trace: tracemalloc.Traceback) -> bool:
    return any(marker in frame.filename for frame in trace for marker in _FAKE_FRAMES)


def _where(trace: tracemalloc.Traceback, frames: int = 6) -> str:
    """The innermost frames, plus the innermost frame of the bot's own code if that is further out."""
    shown = list(trace)[-frames:]  # tracemalloc keeps the most recent call last
    ours = [frame for frame in trace if f"{os.sep}bot{os.sep}" in frame.filename]
    if ours and ours[-1] not in shown:
        shown = [ours[-1], *shown]
    lines = []
    for frame in reversed(shown):
        code = linecache.getline(frame.filename, frame.lineno).strip()
        lines.append(f"      {_short(frame.filename)}:{frame.lineno}  {code[:90]}")
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in (f"site-packages{os.sep}", f"{os.sep}work{os.sep}main{os.sep}", f"lib{os.sep}python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _bot_growth(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, top: int) -> None:
    stats = after.compare_to(before, "traceback")
    stats = [s for s in stats if not _is_fake(s.traceback)]
    total = sum(s.size_diff for s in stats)
    print(f"  bot-side traced growth: {total / 1024:+.0f} KiB in {sum(s.count_diff for s in stats):+,} blocks")
    for stat in sorted(stats, key=lambda s: s.size_diff, reverse=True)[:top]:
        if stat.size_diff <= 0:
            break
        print(f"  {stat.size_diff / 1024:+8.1f} KiB {stat.count_diff:+7,} blocks (now {stat.size / 1024:.0f} KiB)")
        print(_where(stat.traceback))


async def run_traced(args: argparse.Namespace) -> None:
    from bot.backoff import Backoff
    from bot.discord_compat import fast_client_options
    from bot.folders import Folders
    from bot.supervisor import State, Supervisor
    from tests.conftest import wait_for_state

    # Under tracemalloc everything is several times slower: the bot's stall and late-heartbeat notes are noise.
    for noisy in ("bot.stall_monitor", "discord.gateway", "bot.personas"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    fake, model, rooms, alice = await _fakes(args.channels)
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            folders = Folders.resolve(env)
            folders.ensure()
            supervisor = Supervisor(
                folders,
                env=env,
                client_options={**fast_client_options(), "reidentify_delay": 0},
                backoff=Backoff(0.05, 0.5),
            )
            await supervisor.start()
            try:
                await wait_for_state(supervisor, State.CONNECTED, timeout=20)
                talk = Conversation(fake, model, rooms, alice)
                await talk.say(args.warmup, args.batch)
                snapshots: list[tuple[int, tracemalloc.Snapshot]] = []

                async def snap() -> None:
                    client = supervisor.client
                    if client is not None:
                        await client.wait_drained()
                    await wait_quiet(time.process_time)  # streams closing, buttons going on: done
                    gc.collect()
                    snapshots.append((talk.sent - args.warmup, tracemalloc.take_snapshot()))
                    size, peak = tracemalloc.get_traced_memory()
                    print(
                        f"  … {snapshots[-1][0]:,} messages: traced {size / 2**20:.1f} MiB (peak {peak / 2**20:.1f})",
                        file=sys.stderr,
                        flush=True,
                    )

                tracemalloc.start(args.frames)
                await snap()
                middle = min(1000, args.messages // 3)
                await talk.say(middle, args.batch)
                await snap()
                await talk.say(args.messages - middle, args.batch)
                await snap()
                tracemalloc.stop()
                _print_client_sizes(supervisor)
            finally:
                await asyncio.wait_for(supervisor.shutdown(10), 30)
    finally:
        await model.close()
        await fake.close()
    (n0, s0), (n1, s1), (n2, s2) = snapshots
    print(f"\nbetween {n0:,} and {n1:,} messages after warm-up:")
    _bot_growth(s0, s1, args.top // 2)
    print(f"\nbetween {n1:,} and {n2:,} messages after warm-up (should be ~0 once the windows are full):")
    _bot_growth(s1, s2, args.top)


def _print_client_sizes(supervisor: Any) -> None:
    """The sizes of the client's caches that could grow with messages, for the record."""
    client = supervisor.client
    if client is None:
        return
    state = client._connection
    sizes: dict[str, Callable[[], int]] = {
        "discord.py message cache": lambda: len(state._messages or ()),
        "discord.py users": lambda: len(state._users),
        "recent attachments": lambda: len(client.brain.recent_attachments),
        "image cache": lambda: len(client.brain.images),
        "channel queues": lambda: len(client._queues),
        "per-user cooldown times": lambda: len(client._last_answer_at),
        "view store (buttons)": lambda: len(state._view_store._views) + len(state._view_store._synced_message_views),
    }
    for name, size in sizes.items():
        try:
            print(f"  {name}: {size()}")
        except (AttributeError, TypeError) as error:  # a private attribute renamed: say so, the rest still prints
            print(f"  {name}: ? ({error!r})")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000, help="mentions after the warm-up (default 3000)")
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--every", type=int, default=500, help="read RSS every this many messages (default 500)")
    parser.add_argument("--batch", type=int, default=50, help="mentions sent before waiting for their replies")
    parser.add_argument("--trace", action="store_true", help="in-process under tracemalloc: where the growth is")
    parser.add_argument("--frames", type=int, default=15, help="traceback depth for --trace")
    parser.add_argument("--top", type=int, default=30, help="growth sites printed for --trace")
    return parser.parse_args(argv)


async def main(args: argparse.Namespace) -> None:
    runner: Callable[[argparse.Namespace], Awaitable[None]] = run_traced if args.trace else run_process
    await runner(args)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(parse_args()))
