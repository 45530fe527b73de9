"""Reply latency: the bot's own overhead between Discord's MESSAGE_CREATE and its reply's POST.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_reply [--messages 300] [--warmup 20] [--only familiar|bare]
                                           [--bare-typing] [--profile familiar.prof] [--no-webhooks]

Both bots run in this process on real sockets against the fakes in tests/fakes/
(Discord gateway + REST, an OpenAI-compatible model that answers at once with a
short streamed reply). Messages are sequential: one mention, wait for the reply's
POST and for the bot to go idle, then the next one. Measured per message:

    POST /channels/{id}/messages arrives at the fake  -  MESSAGE_CREATE frame sent by the fake

so it includes discord.py parsing, Familiar's memory writes, prompt building, the
typing indicator, the model round trip and discord.py's send (the fakes' own work
in the same event loop is in both figures alike).

Familiar runs with its defaults: replies streamed (the first POST is what is timed)
and, since the fake server grants Manage Webhooks, posted through the character's
webhook (the first reply, which creates it, is in the warm-up). ``--no-webhooks``
takes the permission away: the bot account replies, as in a server that withholds it.

"familiar" is the real supervised bot (bot.supervisor.Supervisor, as tests/conftest.py
starts it). "bare" is a minimal discord.py Client + openai.AsyncOpenAI bot
(on_message -> chat.completions.create(stream=True) -> channel.send(reference=...)).
``--bare-typing`` makes the bare bot show the typing indicator first, as Familiar does.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import logging
import tempfile
from pathlib import Path
from typing import Any

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options, point_discord_at
from bot.folders import Folders
from bot.supervisor import State, Supervisor
from tests.benchmarks._fakes import BARE_BOT_SOURCE, TimedDiscord, summary
from tests.conftest import bot_env, wait_for_state
from tests.fakes.discord_server import MANAGE_WEBHOOKS
from tests.fakes.openai_server import FakeModel

REPLY = "Hello alice, lovely to see you again!"

_bare_namespace: dict[str, Any] = {}
exec(compile(BARE_BOT_SOURCE, "<bare bot>", "exec"), _bare_namespace)
BareBot = _bare_namespace["BareBot"]


async def _fakes(webhooks: bool = False) -> tuple[TimedDiscord, FakeModel]:
    fake = TimedDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    permissions = MANAGE_WEBHOOKS if webhooks else 0
    fake.guild = fake.add_guild("Tavern", ["general", "random"], bot_permissions=permissions)  # type: ignore[attr-defined]
    fake.alice = fake.add_user("alice")  # type: ignore[attr-defined]
    model = FakeModel()
    model.reply = REPLY
    await model.start()
    return fake, model


async def _drive(
    fake: TimedDiscord, count: int, warmup: int, settle: Any, profiler: cProfile.Profile | None = None
) -> list[float]:
    """Send ``warmup + count`` mentions one after the other; latencies (ms) of the last ``count``."""
    general = fake.guild.channel("general")  # type: ignore[attr-defined]
    latencies: list[float] = []
    gc.collect()
    for i in range(warmup + count):
        if i == warmup and profiler is not None:
            profiler.enable()
        said = await fake.user_says(general, fake.alice, f"message number {i}, how are you?", mentions_bot=True)  # type: ignore[attr-defined]
        message_id = int(said["id"])
        posted = await asyncio.wait_for(fake.expect_reply(message_id), 10)
        await settle()  # the bot finishes the message (memory write of the reply) before the next one
        if i >= warmup:
            latencies.append((posted - fake.dispatched_at[message_id]) * 1000)
    if profiler is not None:
        profiler.disable()
    return latencies


async def run_familiar(count: int, warmup: int, profile: str | None = None, webhooks: bool = True) -> list[float]:
    fake, model = await _fakes(webhooks)
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
                send_retry_delay=0.01,
                model_retry_delay=0.01,
            )
            await supervisor.start()
            try:
                await wait_for_state(supervisor, State.CONNECTED, timeout=20)

                async def settle() -> None:
                    client = supervisor.client
                    assert client is not None
                    await client.wait_drained()

                profiler = cProfile.Profile() if profile else None
                latencies = await _drive(fake, count, warmup, settle, profiler)
                if profiler is not None and profile:
                    profiler.dump_stats(profile)
                    print(f"cProfile of the measured familiar messages written to {profile}")
            finally:
                await asyncio.wait_for(supervisor.shutdown(5), 10)
            assert len(model.completions) == warmup + count, len(model.completions)
            posted = len(fake.webhook_sends) if webhooks else len(fake.sent)
            # Every reply (and the default character's greeting) went the expected way.
            assert posted >= warmup + count, f"only {posted} replies went the expected way (webhooks={webhooks})"
            return latencies
    finally:
        await model.close()
        await fake.close()


async def run_bare(count: int, warmup: int, typing: bool = False) -> list[float]:
    fake, model = await _fakes()
    try:
        await point_discord_at(fake.api_base)
        client = BareBot(model.base_url, model.api_key, "fake-model", typing=typing, **fast_client_options())
        task = asyncio.create_task(client.start(fake.token))
        try:
            await fake.wait_connected(20)
            await asyncio.wait_for(client.wait_until_ready(), 20)
            handled = 0

            # The bare bot's on_message finishes after channel.send() returns; poll that cheaply.
            async def settle_polling() -> None:
                nonlocal handled
                handled += 1
                while client.handled < handled:  # noqa: ASYNC110 - the timed baseline gets no added signalling
                    await asyncio.sleep(0)

            latencies = await _drive(fake, count, warmup, settle_polling)
        finally:
            await client.close()
            await asyncio.wait_for(task, 10)
        return latencies
    finally:
        await model.close()
        await fake.close()


async def main(args: argparse.Namespace) -> None:
    results: dict[str, dict[str, float]] = {}
    for name in ("familiar", "bare"):
        if args.only not in (None, name):
            continue
        if name == "familiar":
            latencies = await run_familiar(args.messages, args.warmup, args.profile, webhooks=not args.no_webhooks)
        else:
            latencies = await run_bare(args.messages, args.warmup, typing=args.bare_typing)
            if args.bare_typing:
                name = "bare+typ"
        results[name] = summary(name, latencies)
    if "familiar" in results and any(k.startswith("bare") for k in results):
        bare_name = next(k for k in results if k.startswith("bare"))
        print(
            f"Familiar p50 {results['familiar']['p50']:.1f} ms vs {bare_name} {results[bare_name]['p50']:.1f} ms; "
            f"p99 {results['familiar']['p99']:.1f} ms vs {results[bare_name]['p99']:.1f} ms"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=300, help="measured messages per bot (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="messages sent before measuring (default 20)")
    parser.add_argument("--only", choices=("familiar", "bare"), help="run one bot only")
    parser.add_argument("--bare-typing", action="store_true", help="the bare bot shows typing first, like Familiar")
    parser.add_argument("--no-webhooks", action="store_true", help="Familiar replies as the bot account")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the measured Familiar messages into FILE")
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    asyncio.run(main(parse_args()))
